import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { readPorchCookie, sessionCookie, sessionPlace } from "~/auth/cookie.server";
import { getConfig } from "~/config.server";
import { getSql } from "~/db.server";
import { forwardPage } from "~/forward-auth/continue-page.server";
import { authorize } from "~/permissions/authorize.server";
import { returnDestination } from "~/server/return-to.server";

/**
 * After signing in, on to the protected app forward auth sent the person from (ADR 033): a page whose own
 * navigation goes there, since the sign-in form's redirects may only reach Porch. Anything but an address
 * inside a protected app goes home.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await authorize(args, "routes/auth.continue");
  const to = await returnDestination(getSql(), new URL(args.request.url).searchParams.get("to"));
  if (to.startsWith("/")) return redirect(to);
  const headers = new Headers({ "Content-Type": "text/html; charset=utf-8" });
  // The app's host must see the session: a cookie from before AUTH_COOKIE_DOMAIN is Porch's host's alone.
  // Sent again for the domain; the pipeline's cookie step removes the host-only one.
  const place = sessionPlace(getConfig());
  const token = readPorchCookie(args.request, "session", place.secure, place.domain);
  if (actor.kind === "session" && token && place.domain) {
    const expires = actor.session.remember ? actor.session.expiresAt : null;
    headers.append("Set-Cookie", sessionCookie(token, { ...place, expires }));
  }
  return new Response(forwardPage(to), { headers });
}
