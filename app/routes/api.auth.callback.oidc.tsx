import type { LoaderFunctionArgs } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { Refusal } from "~/permissions/refusal.server";
import { finishOidcSignIn } from "~/auth/oidc/flow.server";
import { getConfig } from "~/config.server";

/** The redirect URI registered at the provider (the same path as Homarr's): the sign-in ends here. */
export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/api.auth.callback.oidc");
  const { request, context } = args;
  if (!getConfig().oidc) throw new Refusal("not-found");
  return finishOidcSignIn(request, context);
}
