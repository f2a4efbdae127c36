import type { LoaderFunctionArgs } from "@remix-run/node";
import { finishOidcSignIn } from "~/auth/oidc/flow.server";
import { getConfig } from "~/config.server";

/** The redirect URI registered at the provider (the same path as Homarr's): the sign-in ends here. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!getConfig().oidc) throw new Response("Not Found", { status: 404 });
  return finishOidcSignIn(request, context);
}
