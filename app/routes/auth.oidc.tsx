import type { LoaderFunctionArgs } from "@remix-run/node";
import { authorize, onwardFor } from "~/permissions/authorize.server";
import { Refusal } from "~/permissions/refusal.server";
import { startOidcSignIn } from "~/auth/oidc/flow.server";
import { getConfig } from "~/config.server";

/** "Continue with …": off to the identity provider (404 when OIDC isn't on). */
export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await authorize(args, "routes/auth.oidc");
  const { request, context } = args;
  if (!getConfig().oidc) throw new Refusal("not-found");
  // Confirming it's them before a sensitive action: the provider signs them in again (prompt=login).
  const reauth = new URL(request.url).searchParams.get("reauth") === "1";
  if (reauth && actor.kind === "session" && actor.user.provider === "oidc") return startOidcSignIn(request, context, true);
  if (actor.kind !== "guest") throw new Refusal("signed-in", undefined, { to: await onwardFor(request) });
  return startOidcSignIn(request, context);
}
