import type { Theme } from "~/forms/theme";
import type { Db } from "~/db.server";
import { effectivePermissionColumns } from "~/permissions/effective-permissions.server";
import { recordAudit } from "~/models/audit.server";
import { requestSettingsColumns, requestSettingsOf, type RequestSettings } from "~/models/request-settings.server";
import { closePermissions, type PermissionKey } from "~/permissions/definitions";
import { DAY, HOUR } from "~/utils/time";
import { hashToken, newIdSecret, secretMatches, splitIdSecret } from "./tokens.server";
import { mayHavePasskeys } from "./passkeys/place.server";
import { passkeyStepOf, type PasskeyStanding, type PasskeyStep } from "./passkeys/requirement";

/** A session without "Remember me" lives at most this long on the server. */
export const SHORT_SESSION_MS = DAY;
/** The sliding expiry is written at most this often per session. */
export const REFRESH_THROTTLE_MS = HOUR;

export interface SessionPolicy {
  /** Idle lifetime of a remembered session. */
  expiryMs: number;
  /** Hard cap from creation, however active the session. */
  maxLifetimeMs: number;
}

export interface SessionUser {
  id: string;
  username: string;
  displayName: string | null;
  email: string | null;
  avatarUrl: string | null;
  /** Light or dark pages by the person's choice; null follows the device. Sessions only (pages). */
  theme?: Theme | null;
  /** Where the account comes from, and its id there: a proxy sign-in checks each request names the same person. */
  provider?: string;
  externalId?: string | null;
}

export interface Session {
  id: string;
  userId: string;
  remember: boolean;
  expiresAt: Date;
  /** The groups a trusted proxy named at the last sync (proxy sign-ins only). */
  proxyGroups?: string | null;
  /** When its person last proved who they are in it (the sign-in, a confirmation): app/auth/elevation.server.ts. */
  elevatedAt?: Date | null;
}

/**
 * A column a caller asks the actor's own statement for, computed for its user (`u.id`): forward auth's
 * facts ride along, so the check is one round trip (ADR 033). Its value is used only once the
 * credential is proved; for a refused one it is computed and dropped.
 */
export type AlsoColumn = (db: Db, userId: ReturnType<Db>) => ReturnType<Db>;

export interface ValidatedSession {
  session: Session;
  user: SessionUser;
  permissions: Set<PermissionKey>;
  /** True when the expiry moved forward and the cookie should be sent again. */
  refreshed: boolean;
  /** In a group that requires two-factor sign-in, without having set it up. */
  mustSetUpTwoFactor: boolean;
  /** In a group that requires a passkey sign-in, and this session wasn't proved by one (requirement.ts). */
  passkeyStep: PasskeyStep | null;
  /** Read in the same statement: what the pages of this request may need to know. */
  settings: RequestSettings;
  /** The value of the caller's extra column (`also`), read in the same statement. */
  also?: unknown;
}

function windowMs(remember: boolean, policy: SessionPolicy): number {
  return remember ? policy.expiryMs : Math.min(SHORT_SESSION_MS, policy.expiryMs);
}

export async function createSession(
  db: Db,
  userId: string,
  options: {
    remember: boolean;
    ip?: string | null;
    userAgent?: string | null;
    proxyGroups?: string | null;
    /** How the person proved who they are (the sign-in's provider), kept with the session. */
    proof?: string;
    /** The passkey that proved it, if one did: a group's passkey requirement is met while it exists. */
    passkeyId?: string;
    /** When they proved it, if before now (an identity provider's own sign-in); never after now. */
    /** Null: not a proof at all (an identity provider that didn't say when it asked). */
    provedAt?: Date | null;
    /** A TV's session: the device that approved it (ADR 039). */
    approvedFrom?: string | null;
  },
  policy: SessionPolicy,
  now = new Date(),
): Promise<{ token: string; session: Session }> {
  const { id, secret, token } = newIdSecret(); // 160 bits each
  // Signing in is a proof: a sensitive action right after it asks for nothing more.
  const elevatedAt =
    options.provedAt === null ? null : options.provedAt && options.provedAt.getTime() < now.getTime() ? options.provedAt : now;
  const maxExpiresAt = new Date(now.getTime() + policy.maxLifetimeMs);
  const expiresAt = new Date(Math.min(now.getTime() + windowMs(options.remember, policy), maxExpiresAt.getTime()));
  await db`
    insert into sessions (id, secret_hash, user_id, remember, created_at, last_used_at, expires_at, max_expires_at, ip, user_agent,
                          proxy_groups, proof, passkey_id, elevated_at, approved_from)
    values (${id}, ${hashToken(secret)}, ${userId}, ${options.remember}, ${now}, ${now}, ${expiresAt}, ${maxExpiresAt},
            ${options.ip ?? null}, ${options.userAgent?.slice(0, 512) ?? null}, ${options.proxyGroups ?? null}, ${options.proof ?? null},
            ${options.passkeyId ?? null}, ${elevatedAt}, ${options.approvedFrom ?? null})`;
  return { token, session: { id, userId, remember: options.remember, expiresAt, elevatedAt } };
}

interface SessionRow {
  id: string;
  secretHash: Uint8Array;
  remember: boolean;
  lastUsedAt: Date;
  expiresAt: Date;
  maxExpiresAt: Date;
  userId: string;
  username: string;
  displayName: string | null;
  email: string | null;
  avatarUrl: string | null;
  theme: Theme | null;
  status: string;
  provider: string;
  externalId: string | null;
  proxyGroups: string | null;
  proof: string | null;
  passkeyProved: boolean;
  elevatedAt: Date | null;
  permissions: string[];
  mustSetUp2fa: boolean;
  passkeyStanding: PasskeyStanding;
  settingsOnboarded: boolean;
  settingsGuestAccess: boolean;
  also?: unknown;
}

/**
 * Checks a token and returns its user with their effective permissions and the server settings: one SQL round trip,
 * plus one write at most once an hour to slide the expiry forward.
 */
export async function validateSessionToken(
  db: Db,
  token: string,
  policy: SessionPolicy,
  now = new Date(),
  also?: AlsoColumn,
): Promise<ValidatedSession | null> {
  const parts = splitIdSecret(token);
  if (!parts) return null;
  const { id, secret } = parts;
  const [row] = await db<SessionRow[]>`
    select s.id, s.secret_hash, s.remember, s.last_used_at, s.expires_at, s.max_expires_at, s.proxy_groups, s.proof, s.passkey_id is not null as passkey_proved, s.elevated_at,
           u.id as user_id, u.username, u.display_name, u.email, u.avatar_url, u.theme, u.status, u.provider, u.external_id,
           ${effectivePermissionColumns(db)},
           ${requestSettingsColumns(db)} ${also ? db`, ${also(db, db`u.id`)} as also` : db``}
      from sessions s
      join users u on u.id = s.user_id
     where s.id = ${id}`;
  if (!row) return null;
  if (!secretMatches(row.secretHash, secret)) return null;
  if (row.expiresAt.getTime() <= now.getTime() || row.status !== "active") {
    await db`delete from sessions where id = ${id}`;
    await recordAudit(db, {
      action: "session.expired",
      actorType: "system",
      targetType: "session",
      targetId: id,
      details: { userId: row.userId, reason: row.status !== "active" ? "user inactive" : "expired" },
    });
    return null;
  }
  let expiresAt = row.expiresAt;
  let refreshed = false;
  if (now.getTime() - row.lastUsedAt.getTime() >= REFRESH_THROTTLE_MS) {
    const slid = Math.min(now.getTime() + windowMs(row.remember, policy), row.maxExpiresAt.getTime());
    expiresAt = new Date(Math.max(slid, row.expiresAt.getTime()));
    await db`update sessions set last_used_at = ${now}, expires_at = ${expiresAt} where id = ${id}`;
    refreshed = expiresAt.getTime() !== row.expiresAt.getTime();
  }
  return {
    ...(also ? { also: row.also } : {}),
    session: {
      id: row.id,
      userId: row.userId,
      remember: row.remember,
      expiresAt,
      proxyGroups: row.proxyGroups,
      elevatedAt: row.elevatedAt,
    },
    user: {
      id: row.userId,
      username: row.username,
      displayName: row.displayName,
      email: row.email,
      avatarUrl: row.avatarUrl,
      theme: row.theme,
      provider: row.provider,
      externalId: row.externalId,
    },
    permissions: closePermissions(row.permissions),
    refreshed,
    mustSetUpTwoFactor: row.mustSetUp2fa,
    passkeyStep:
      row.passkeyStanding === null
        ? null
        : passkeyStepOf({ standing: row.passkeyStanding, passkeyProved: row.passkeyProved, mayHavePasskeys: mayHavePasskeys(row) }),
    settings: requestSettingsOf(row),
  };
}

// Every session ends here (this module is the only one that deletes them).

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await db`delete from sessions where id = ${sessionId}`;
}

/** Ends `userId`'s session `id` (never anyone else's); its id_token, for logging out at the provider too. */
export async function endUserSession(db: Db, userId: string, id: string): Promise<{ idToken: string | null } | null> {
  const [ended] = await db<{ idToken: string | null }[]>`
    delete from sessions where id = ${id} and user_id = ${userId} returning id_token as "idToken"`;
  return ended ?? null;
}

/** Ends every session of `userId` but `keepId` (none kept when null): the ids ended. */
export async function endUserSessions(db: Db, userId: string, keepId: string | null): Promise<string[]> {
  // Devices this person approved that haven't collected their session yet go too (attack37: "Sign out
  // everywhere else" or a new password after approving a phished code left the approval waiting).
  await db`delete from device_sign_ins where approved_by = ${userId} and used_at is null`;
  const gone = keepId
    ? await db<{ id: string }[]>`delete from sessions where user_id = ${userId} and id <> ${keepId} returning id`
    : await db<{ id: string }[]>`delete from sessions where user_id = ${userId} returning id`;
  return gone.map((g) => g.id);
}

/**
 * Ends the sessions an OpenID provider's session started (its `sid`), only `userId`'s when given:
 * what ended, by user (back-channel logout, app/auth/oidc/backchannel.server.ts).
 */
export async function endProviderSessions(db: Db, sid: string, userId: string | null): Promise<Map<string, string[]>> {
  const rows = await db<{ id: string; userId: string }[]>`
    delete from sessions where oidc_sid = ${sid} ${userId ? db`and user_id = ${userId}` : db``} returning id, user_id`;
  const ended = new Map<string, string[]>();
  for (const row of rows) ended.set(row.userId, [...(ended.get(row.userId) ?? []), row.id]);
  return ended;
}

/**
 * The session `id` of `userId`, made anew for a proof just given in it: a new id and secret with the same
 * expiry, remembered choice and sign-in facts, proved at `now`, and the old row gone. So a copy of the
 * old cookie (one someone planted in this browser, say) is worth nothing once the owner proves it's them
 * on it (attack26). Null when the session ended meanwhile.
 */
export async function renewSession(
  db: Db,
  userId: string,
  id: string,
  client: { ip: string | null; userAgent: string | null },
  now = new Date(),
): Promise<{ token: string; session: Session } | null> {
  const next = newIdSecret();
  const [row] = await db<{ remember: boolean; expiresAt: Date }[]>`
    with gone as (delete from sessions where id = ${id} and user_id = ${userId} returning *)
    insert into sessions (id, secret_hash, user_id, remember, created_at, last_used_at, expires_at, max_expires_at, ip, user_agent,
                          id_token, oidc_sid, proxy_groups, proof, passkey_id, elevated_at)
    select ${next.id}, ${hashToken(next.secret)}, user_id, remember, created_at, ${now}, expires_at, max_expires_at,
           ${client.ip}, ${client.userAgent?.slice(0, 512) ?? null}, id_token, oidc_sid, proxy_groups, proof, passkey_id, ${now}
      from gone
    returning remember, expires_at`;
  if (!row) return null;
  return { token: next.token, session: { id: next.id, userId, remember: row.remember, expiresAt: row.expiresAt, elevatedAt: now } };
}

/** The periodic sweep: expired rows are also deleted whenever they are met. */
export async function deleteExpiredSessions(db: Db, now = new Date()): Promise<number> {
  const result = await db`delete from sessions where expires_at <= ${now}`;
  return result.count;
}
