import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { providerLogoutUrl } from "~/auth/oidc/flow.server";
import { endSession } from "~/auth/sign-in.server";

/** Signing out changes state, so it is POST only; a GET just goes home. */
export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/api.auth.signout");
  return redirect("/");
}

export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/api.auth.signout");
  const { context } = args;
  const { cookie, idToken } = await endSession(context);
  // Signed in through OpenID Connect: end the provider's session too (RP-initiated logout).
  const provider = await providerLogoutUrl(idToken);
  return redirect(provider ?? "/auth/login", { headers: { "Set-Cookie": cookie } });
}
