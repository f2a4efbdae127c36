import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { providerLogoutUrl } from "~/auth/oidc/flow.server";
import { endSession } from "~/auth/sign-in.server";
import { getActor } from "~/permissions/guards.server";

/** Signing out changes state, so it is POST only; a GET just goes home. */
export async function loader({ context }: LoaderFunctionArgs) {
  getActor(context);
  return redirect("/");
}

export async function action({ context }: ActionFunctionArgs) {
  getActor(context);
  const { cookie, idToken } = await endSession(context);
  // Signed in through OpenID Connect: end the provider's session too (RP-initiated logout).
  const provider = await providerLogoutUrl(idToken);
  return redirect(provider ?? "/auth/login", { headers: { "Set-Cookie": cookie } });
}
