// OpenID Connect Back-Channel Logout: the provider says a person's session there ended, and the Porch
// sessions it started end with it, on every instance (sessions live in PostgreSQL only).
import { decodeJwt } from "jose";
import type { Sql } from "~/db.server";
import { recordAudit } from "~/models/audit.server";
import { endProviderSessions, endUserSessions } from "../session.server";
import type { LogoutClaims } from "./logout-token.server";

export const BACKCHANNEL_LOGOUT_PATH = "/api/auth/backchannel-logout/oidc";

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
