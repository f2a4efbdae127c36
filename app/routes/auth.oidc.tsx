import type { LoaderFunctionArgs } from "@remix-run/node";
import { startOidcSignIn } from "~/auth/oidc/flow.server";
import { getConfig } from "~/config.server";
import { requireAnonymous } from "~/permissions/guards.server";

/** "Continue with …": off to the identity provider (404 when OIDC isn't on). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!getConfig().oidc) throw new Response("Not Found", { status: 404 });
  requireAnonymous(request, context);
  return startOidcSignIn(request, context);
}
