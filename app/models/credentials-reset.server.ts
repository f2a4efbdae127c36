import { endUserSessions } from "~/auth/session.server";
import type { Db } from "~/db.server";
import { type AuditActor, recordChange } from "./audit.server";

export interface CredentialsReset {
  /** The audit action that says why, e.g. "password-reset.completed"; its row also says what ended. */
  action: string;
  /** End the API keys too: always when an account is recovered, the person's choice when they change their own password. */
  endApiKeys: boolean;
  /** The one session that stays (the person who changed their own password, right here). */
  keepSessionId?: string | null;
  /**
   * Keep the passkeys: only when people change their own password, still signed in here, where Security
   * lists their passkeys to review. Every recovery removes them: a passkey added by whoever held the old
   * password would otherwise outlive the reset (attack23).
   */
  keepPasskeys?: boolean;
  details?: Record<string, unknown>;
}

export interface CredentialsResetOutcome {
  sessionsEnded: number;
  apiKeysRevoked: number;
  passkeysRemoved: number;
}

/**
 * "The account's credentials were reset": every path that changes or takes away what proves who someone
 * is (reset link, admin or CLI password, own password change, an admin ending all access, deactivation,
 * the directory no longer knowing them) calls this, inside its own transaction. Whoever held the old
 * credentials may have signed in, started a two-factor sign-in, asked for a reset link, made API keys
 * or added a passkey: all of that ends here, and one audit row says how much.
 */
export async function resetCredentials(
  tx: Db,
  actor: AuditActor,
  userId: string,
  reset: CredentialsReset,
): Promise<CredentialsResetOutcome> {
  const keep = reset.keepSessionId ?? null;
  // The owner's row first, as createApiKey() locks it: no key can be made halfway through a reset.
  await tx`select 1 from users where id = ${userId} for update`;
  await tx`delete from password_resets where user_id = ${userId}`;
  await tx`delete from pending_sign_ins where user_id = ${userId}`;
  const sessions = await endUserSessions(tx, userId, keep);
  const keys = reset.endApiKeys
    ? await tx<{ id: string }[]>`update api_keys set revoked_at = now() where user_id = ${userId} and revoked_at is null returning id`
    : [];
  const passkeys = reset.keepPasskeys ? { count: 0 } : await tx`delete from webauthn_credentials where user_id = ${userId}`;
  const outcome = { sessionsEnded: sessions.length, apiKeysRevoked: keys.length, passkeysRemoved: passkeys.count };
  await recordChange(
    tx,
    actor,
    reset.action,
    { type: "user", id: userId },
    {
      ...reset.details,
      ...outcome,
      ...(keys.length ? { apiKeyIds: keys.map((k) => k.id) } : {}),
    },
  );
  return outcome;
}
