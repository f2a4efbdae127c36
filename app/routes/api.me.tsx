import type { LoaderFunctionArgs } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { PERMISSION_KEYS } from "~/permissions/definitions";

/** GET /api/me: who the request acts as, with what, and through which credential. */
export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await authorize(args, "routes/api.me");
  const key = actor.kind === "api-key" ? actor.apiKey : null;
  return Response.json(
    {
      // Named one by one (MeOut): the account's provider id and page preferences aren't the API's.
      user: {
        id: actor.user.id,
        username: actor.user.username,
        displayName: actor.user.displayName,
        email: actor.user.email,
        avatarUrl: actor.user.avatarUrl,
      },
      permissions: PERMISSION_KEYS.filter((k) => actor.permissions.has(k)),
      via: key ? "api-key" : "session",
      apiKey: key
        ? { id: key.id, permissions: key.granted, actAsOwner: key.actAsOwner, expiresAt: key.expiresAt?.toISOString() ?? null }
        : null,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}
