// OpenID Connect Back-Channel Logout: the provider says a person's session there ended, and the Porch
// sessions it started end with it, on every instance (sessions live in PostgreSQL only).
import { decodeJwt } from "jose";
import type { Db, Sql } from "~/db.server";
import { DAY } from "~/utils/time";
import { recordAudit } from "~/models/audit.server";
import { endProviderSessions, endUserSessions } from "../session.server";
import type { LogoutClaims } from "./logout-token.server";

export const BACKCHANNEL_LOGOUT_PATH = "/api/auth/backchannel-logout/oidc";

/** How long a logged-out provider session is remembered: longer than any sign-in from it can take. */
const ENDED_SID_KEPT_MS = DAY;

/** Why a sign-in from this provider session gets no session: the provider logged it out. Null when it didn't. */
export async function providerLoggedOut(db: Db, sid: string): Promise<string | null> {
  // Held until the caller's transaction ends: a logout of this sid waits for the session it makes, or this
  // waits for the logout, never both unseen (attack41). Call it inside the transaction that makes the session.
  await lockSid(db, sid);
  const [ended] = await db`select 1 from oidc_ended_sessions where sid = ${sid} and expires_at > now()`;
  return ended ? "the identity provider logged this sign-in out (back-channel logout)" : null;
}

const lockSid = (db: Db, sid: string) => db`select pg_advisory_xact_lock(hashtext(${`porch-oidc-sid:${sid}`}))`;

export class LogoutReplayedError extends Error {
  constructor() {
    super("this logout token was already used");
    this.name = "LogoutReplayedError";
  }
}

/** The provider's session id in an id_token Porch verified (its `sid`), to be matched by a logout token later. */
export function sidOf(idToken: string | null | undefined): string | null {
  if (!idToken) return null;
  try {
    const { sid } = decodeJwt(idToken);
    return typeof sid === "string" && sid ? sid : null;
  } catch {
    return null;
  }
}

/**
 * Ends what the logout token names, once (LogoutReplayedError the second time):
 * - a `sid`: the sessions that provider session started (and only the `sub`'s, when it names one too);
 * - a `sub` alone: every session of that account, as the provider logged the person out everywhere.
 * Returns how many sessions ended.
 */
export async function applyBackchannelLogout(
  sql: Sql,
  issuer: string,
  claims: LogoutClaims,
  client: { ip: string | null; userAgent: string | null },
  now = new Date(),
): Promise<number> {
  return sql.begin(async (tx) => {
    const [fresh] = await tx`
      with stale as (delete from oidc_logout_tokens where expires_at < ${now})
      insert into oidc_logout_tokens (jti, expires_at) values (${claims.jti}, ${claims.acceptedUntil})
      on conflict (jti) do nothing returning jti`;
    if (!fresh) throw new LogoutReplayedError();
    if (claims.sid) await lockSid(tx, claims.sid);
    // The provider session is over: a sign-in from it still under way (its code step, a slow callback)
    // must not become a session afterwards (attack40).
    if (claims.sid) {
      await tx`
        with stale as (delete from oidc_ended_sessions where expires_at < ${now})
        insert into oidc_ended_sessions (sid, expires_at) values (${claims.sid}, ${new Date(now.getTime() + ENDED_SID_KEPT_MS)})
        on conflict (sid) do nothing`;
    }
    const [account] = claims.sub
      ? await tx<{ id: string }[]>`select id from users where provider = 'oidc' and external_id = ${`${issuer}#${claims.sub}`}`
      : [];
    // A sub Porch doesn't know names nobody here, whatever its sid says.
    if (claims.sub && !account) return 0;
    const ended = claims.sid
      ? await endProviderSessions(tx, claims.sid, account?.id ?? null)
      : new Map([[account!.id, await endUserSessions(tx, account!.id, null)]]);
    for (const [userId, ids] of ended) {
      await recordAudit(tx, {
        action: "auth.backchannel-logout",
        actorType: "system",
        targetType: "user",
        targetId: userId,
        ip: client.ip,
        userAgent: client.userAgent,
        details: { ended: ids.length, by: claims.sid ? "sid" : "sub" },
      });
    }
    return [...ended.values()].reduce((n, ids) => n + ids.length, 0);
  });
}
