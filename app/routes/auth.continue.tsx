import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
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
  await authorize(args, "routes/auth.continue");
  const to = await returnDestination(getSql(), new URL(args.request.url).searchParams.get("to"));
  if (to.startsWith("/")) return redirect(to);
  return new Response(forwardPage(to), { headers: { "Content-Type": "text/html; charset=utf-8" } });
}
