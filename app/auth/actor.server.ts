import type { Db } from "~/db.server";
import type { PermissionKey } from "~/permissions/definitions";
import { validateSessionToken, type SessionPolicy, type SessionUser, type ValidatedSession } from "./session.server";

/** The API key a request authenticated with (never together with a session). */
export interface ActorApiKey {
  id: string;
  actAsOwner: boolean;
  expiresAt: Date | null;
  /** The key's own choice, before intersecting with the owner's current permissions. */
  granted: PermissionKey[];
}

/**
 * Who is asking: a signed-in user (with effective permissions) or a guest. A user reached through
 * an API key has `apiKey` set, `sessionId` empty, and the key's permissions ∩ the owner's.
 */
export type Actor =
  | {
      kind: "user";
      user: SessionUser;
      permissions: ReadonlySet<PermissionKey>;
      sessionId: string;
      sessionExpiresAt: Date | null;
      mustSetUpTwoFactor: boolean;
      apiKey?: ActorApiKey;
    }
  | { kind: "guest" };

export const GUEST: Actor = { kind: "guest" };

/**
 * The session the pipeline validated for this request (secret checked, not expired, user active), or
 * null for guests and API keys. The only session a request may end or read: the cookie's raw id is
 * never handed to routes, so a cookie naming someone else's session by its id reaches nothing.
 */
export function validatedSessionId(actor: Actor): string | null {
  return actor.kind === "user" && !actor.apiKey && actor.sessionId ? actor.sessionId : null;
}

/** Resolves the actor from the session cookie's token: one SQL round trip. */
export async function resolveActor(
  db: Db,
  token: string | undefined,
  policy: SessionPolicy,
): Promise<{ actor: Actor; validated: ValidatedSession | null }> {
  if (!token) return { actor: GUEST, validated: null };
  const validated = await validateSessionToken(db, token, policy);
  if (!validated) return { actor: GUEST, validated: null };
  return {
    actor: {
      kind: "user",
      user: validated.user,
      permissions: validated.permissions,
      sessionId: validated.session.id,
      sessionExpiresAt: validated.session.expiresAt,
      mustSetUpTwoFactor: validated.mustSetUpTwoFactor,
    },
    validated,
  };
}
