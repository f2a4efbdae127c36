import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiUser } from "~/permissions/api-guard.server";
import { PERMISSION_KEYS } from "~/permissions/definitions";

/** GET /api/me: who the request acts as, with what, and through which credential. */
export async function loader({ context }: LoaderFunctionArgs) {
  const actor = requireApiUser(context);
  const key = actor.apiKey;
  return Response.json(
    {
      user: actor.user,
      permissions: PERMISSION_KEYS.filter((k) => actor.permissions.has(k)),
      via: key ? "api-key" : "session",
      apiKey: key
        ? { id: key.id, permissions: key.granted, actAsOwner: key.actAsOwner, expiresAt: key.expiresAt?.toISOString() ?? null }
        : null,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}
