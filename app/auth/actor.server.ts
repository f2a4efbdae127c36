import type { Db } from "~/db.server";
import type { PermissionKey } from "~/permissions/definitions";
import type { PasskeyStep } from "./passkeys/requirement";
import { validateSessionToken, type AlsoColumn, type SessionPolicy, type SessionUser, type ValidatedSession } from "./session.server";

/** The API key a request authenticated with (never together with a session). */
export interface ActorApiKey {
  id: string;
  actAsOwner: boolean;
  expiresAt: Date | null;
  /** The key's own choice, before intersecting with the owner's current permissions. */
  granted: PermissionKey[];
}

/** What every signed-in caller has, however it proved who it is. */
interface SignedInBase {
  user: SessionUser;
  /** Effective permissions: a session's are the user's; a key's are its own ∩ the owner's. */
  permissions: ReadonlySet<PermissionKey>;
  /** A group they are in requires two-factor sign-in and they haven't set it up yet. */
  mustSetUpTwoFactor: boolean;
  /** A group they are in requires a passkey sign-in, not met yet (app/auth/passkeys/requirement.ts). */
  passkeyStep: PasskeyStep | null;
}

/**
 * Who is asking: a guest, a person with a session (the cookie the pipeline validated), or a script
 * with an API key. A key never has a session and a session never has a key.
 */
export type Actor =
  | { kind: "guest" }
  | (SignedInBase & { kind: "session"; session: { id: string; expiresAt: Date; remember: boolean; elevatedAt: Date | null } })
  | (SignedInBase & { kind: "api-key"; apiKey: ActorApiKey });

export type SignedInActor = Exclude<Actor, { kind: "guest" }>;
export type SessionActor = Extract<Actor, { kind: "session" }>;

export const GUEST: Actor = { kind: "guest" };

export const isSignedIn = (actor: Actor): actor is SignedInActor => actor.kind !== "guest";

/**
 * The session the pipeline validated for this request (secret checked, not expired, user active), or
 * null for guests and API keys. The only session a request may end or read: the cookie's raw id is
 * never handed to routes, so a cookie naming someone else's session by its id reaches nothing.
 */
export function validatedSessionId(actor: Actor): string | null {
  return actor.kind === "session" ? actor.session.id : null;
}

/** Resolves the actor from the session cookie's token: one SQL round trip. */
export async function resolveActor(
  db: Db,
  token: string | undefined,
  policy: SessionPolicy,
  also?: AlsoColumn,
): Promise<{ actor: Actor; validated: ValidatedSession | null }> {
  if (!token) return { actor: GUEST, validated: null };
  const validated = await validateSessionToken(db, token, policy, new Date(), also);
  if (!validated) return { actor: GUEST, validated: null };
  return {
    actor: {
      kind: "session",
      user: validated.user,
      permissions: validated.permissions,
      session: {
        id: validated.session.id,
        expiresAt: validated.session.expiresAt,
        remember: validated.session.remember,
        elevatedAt: validated.session.elevatedAt ?? null,
      },
      mustSetUpTwoFactor: validated.mustSetUpTwoFactor,
      passkeyStep: validated.passkeyStep,
    },
    validated,
  };
}

/** Whether the actor holds `key` (directly, through a group, or implied by a higher key). For what a page shows. */
export function hasPermission(actor: Actor, key: PermissionKey): boolean {
  return actor.kind !== "guest" && actor.permissions.has(key);
}
