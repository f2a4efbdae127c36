import type { LoaderFunctionArgs } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";

/** The seed's session endpoint: the signed-in user and their effective permissions, or null. */
export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await authorize(args, "routes/api.auth.session");
  const headers = { "Cache-Control": "no-store" };
  // Not done with what their groups require first (two-factor set up, a passkey sign-in): not signed in yet, to an app asking.
  if (actor.kind === "guest" || actor.mustSetUpTwoFactor || actor.passkeyStep) return Response.json(null, { headers });
  return Response.json(
    {
      user: {
        id: actor.user.id,
        username: actor.user.username,
        displayName: actor.user.displayName,
        email: actor.user.email,
        image: actor.user.avatarUrl,
      },
      permissions: [...actor.permissions].sort(),
      expires: actor.kind === "session" ? actor.session.expiresAt.toISOString() : null,
    },
    { headers },
  );
}
