import { redirect } from "@remix-run/node";
import type { Refusal, RefusalText } from "~/permissions/refusal.server";
import { loginRedirectFor, safeRedirect } from "~/utils/safe-redirect";
import { redirectAfterSignIn } from "./return-to.server";
import { databaseUnavailable } from "./unavailable.server";

const DEFAULTS: Record<"forbidden" | "not-found" | "too-many" | "conflict", { page: string; api: string; status: number }> = {
  conflict: { page: "Conflict", api: "Conflict.", status: 409 },
  forbidden: { page: "Forbidden", api: "You may not do this.", status: 403 },
  "not-found": { page: "Not Found", api: "Not found.", status: 404 },
  "too-many": { page: "Too many attempts. Try again later.", api: "Too many attempts. Try again later.", status: 429 },
};

const wordsFor = (text: RefusalText | undefined, api: boolean, fallback: { page: string; api: string }) =>
  text === undefined ? fallback[api ? "api" : "page"] : typeof text === "string" ? text : text[api ? "api" : "page"];

const json = (status: number, error: string, headers: HeadersInit = {}) => Response.json({ error }, { status, headers });

/**
 * The one place a refusal becomes an answer. `api`: the route answers JSON (its route-table entry
 * says so), so a script gets a status and an `error` it can read instead of a redirect to a page.
 */
export function answerRefusal(refusal: Refusal, request: Request, api: boolean): Response {
  const url = new URL(request.url);
  switch (refusal.reason) {
    case "sign-in":
      return api ? json(401, "Sign in or send an API key.", { "WWW-Authenticate": "Bearer" }) : redirect(loginRedirectFor(request));
    case "set-up-two-factor":
      return api ? json(403, "Set up two-factor sign-in first (/settings/security).") : redirect("/settings/security?required=1");
    case "passkey-required": {
      const page = refusal.to ?? "/auth/confirm";
      if (api) return json(403, wordsFor(refusal.text, true, DEFAULTS.forbidden));
      // Back where they were going once it is met (a page they asked for, never a form's post).
      const back =
        request.method === "GET" && page === "/auth/confirm" ? `?redirectTo=${encodeURIComponent(url.pathname + url.search)}` : "";
      return redirect(page + back);
    }
    case "elevate": {
      const back = refusal.confirm?.page ?? url.pathname;
      if (api)
        return Response.json(
          { error: wordsFor(refusal.text, true, DEFAULTS.forbidden), elevate: `/auth/confirm?redirectTo=${encodeURIComponent(back)}` },
          { status: 403 },
        );
      // A page's form: to the confirmation page, which holds what was refused (app/auth/elevation.server.ts).
      return redirect(refusal.to ?? `/auth/confirm?redirectTo=${encodeURIComponent(back)}`);
    }
    case "signed-in":
      // Into a protected app by way of /auth/continue, as every sign-in end goes there (ADR 033).
      return refusal.to ? redirectAfterSignIn(refusal.to) : redirect(safeRedirect(url.searchParams.get("redirectTo")));
    case "unavailable":
      return databaseUnavailable(request);
    case "method-not-allowed": {
      const allow = (refusal.allow ?? []).join(", ");
      return api
        ? json(405, `Use ${allow}.`, { Allow: allow })
        : new Response("Method Not Allowed", { status: 405, headers: { Allow: allow } });
    }
    default: {
      const { status, ...fallback } = DEFAULTS[refusal.reason];
      const words = wordsFor(refusal.text, api, fallback);
      const headers: Record<string, string> = {};
      if (refusal.retryAfterSeconds !== undefined) headers["Retry-After"] = String(Math.max(1, Math.ceil(refusal.retryAfterSeconds)));
      return api ? json(status, words, headers) : new Response(words, { status, headers });
    }
  }
}
