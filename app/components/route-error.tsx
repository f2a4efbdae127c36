import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

/**
 * What a refused or failed page says, wherever it is caught: the root for the whole page, the Manage
 * and My account layouts inside their navigation (so a 403 there keeps the way out).
 */
export function RouteError() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const title = errorTitle(error);
    const detail =
      error.status === 404
        ? "There is nothing here, or you may not see it."
        : typeof error.data === "string" && error.data.length < 300
          ? error.data
          : error.statusText;
    return (
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold">{title}</h1>
        <p className="text-slate-600">{detail}</p>
        <Link to="/" className="text-blue-700 underline">
          Go home
        </Link>
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <h1 className="text-2xl font-semibold">{errorTitle(error)}</h1>
      <p className="text-slate-600">The error was logged. Try again, or go back home.</p>
    </div>
  );
}

/** The heading of an error page, and its document title (root.tsx's meta). */
export function errorTitle(error: unknown): string {
  if (!isRouteErrorResponse(error)) return "Something went wrong";
  return error.status === 404 ? "Page not found" : error.status === 403 ? "Not allowed" : `Error ${error.status}`;
}
