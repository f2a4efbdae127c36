import { Link } from "@remix-run/react";

/** What a spent, expired or mistyped one-time link shows instead of its form. */
export function LinkUnavailable({ title, message }: { title: string; message: string }) {
  return (
    <div className="mx-auto max-w-sm space-y-3">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p role="alert" className="text-slate-700">
        {message}
      </p>
      <Link to="/auth/login" className="text-blue-800 underline">
        Go to sign in
      </Link>
    </div>
  );
}
