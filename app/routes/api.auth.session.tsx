import type { LoaderFunctionArgs } from "@remix-run/node";
import { getActor } from "~/permissions/guards.server";

/** The seed's session endpoint: the signed-in user and their effective permissions, or null. */
export async function loader({ context }: LoaderFunctionArgs) {
  const actor = getActor(context);
  const headers = { "Cache-Control": "no-store" };
  if (actor.kind !== "user") return Response.json(null, { headers });
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
      expires: actor.sessionExpiresAt?.toISOString() ?? null,
    },
    { headers },
  );
}
