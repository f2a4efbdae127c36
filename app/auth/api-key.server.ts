// API keys: `porch_<id>_<secret>`. The id finds the row, the secret (240 bits) proves possession;
// only its SHA-256 is stored and it is compared in constant time.
import type { Db } from "~/db.server";
import { recordAudit } from "~/models/audit.server";
import { requestSettingsColumns, requestSettingsOf, type RequestSettings } from "~/models/request-settings.server";
import { throttledNetwork } from "~/server/ip";
import { closePermissions, isPermissionKey, type PermissionKey } from "~/permissions/definitions";
import { HOUR, MINUTE } from "~/utils/time";
import type { Actor } from "./actor.server";
import type { AlsoColumn } from "./session.server";
import type { ThrottlePolicy } from "./throttle.server";
import { countFailure } from "./throttle.server";
import { effectivePermissionColumns } from "~/permissions/effective-permissions.server";
import { passkeyStepOf, type PasskeyStanding } from "./passkeys/requirement";
import { hashToken, randomToken, secretMatches } from "./tokens.server";

const PATTERN = /^porch_([a-z2-7]{16})_([a-z2-7]{48})$/;
/** Last use is written at most this often per key; a successful use is audited at most this often. */
export const LAST_USED_EVERY_MS = MINUTE;
export const AUDIT_USE_EVERY_MS = HOUR;

export function newApiKey(): { id: string; token: string; secretHash: Uint8Array } {
  const id = randomToken(10); // 80 bits, 16 characters
  const secret = randomToken(30); // 240 bits, 48 characters
  return { id, token: `porch_${id}_${secret}`, secretHash: hashToken(secret) };
}

/** The key a request carries: `Authorization: Bearer <key>`, or Homarr's `ApiKey: <key>` header. */
export function readApiKey(request: Request): string | null {
  const auth = request.headers.get("authorization");
  if (auth && /^bearer\s+/i.test(auth)) return auth.replace(/^bearer\s+/i, "").trim();
  const header = request.headers.get("apikey");
  return header === null ? null : header.trim();
}

export const apiKeyIpKey = (ip: string) => `api-key-ip:${throttledNetwork(ip)}`;

export type ApiKeyFailure = "bad format" | "unknown id" | "wrong secret" | "expired" | "revoked" | "owner inactive";

export type ApiKeyResult =
  | { ok: true; actor: Extract<Actor, { kind: "api-key" }>; settings: RequestSettings; also?: unknown }
  | { ok: false; reason: ApiKeyFailure; message: string }
  | { ok: false; reason: "throttled"; retryAfterMs: number };

interface KeyRow {
  id: string | null;
  also?: unknown;
  secretHash: Uint8Array;
  keyPermissions: string[];
  actAsOwner: boolean;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  lastAuditedAt: Date | null;
  userId: string;
  username: string;
  displayName: string | null;
  email: string | null;
  avatarUrl: string | null;
  status: string;
  permissions: string[];
  mustSetUp2fa: boolean;
  passkeyStanding: PasskeyStanding;
  passkeyProved: boolean;
  ipLockedUntil: Date | null;
  settingsOnboarded: boolean;
  settingsGuestAccess: boolean;
}

/**
 * Resolves a key to the acting user in one query (key + owner + the owner's permissions + the
 * client's throttle state + the server settings). Failures are counted per IP and audited with their reason.
 */
export async function resolveApiKey(
  db: Db,
  key: string,
  client: { ip: string | null; userAgent: string | null },
  policy: ThrottlePolicy,
  now = new Date(),
  also?: AlsoColumn,
): Promise<ApiKeyResult> {
  const match = PATTERN.exec(key);
  const id = match?.[1] ?? "";
  const [row] = await db<KeyRow[]>`
    select k.id, k.secret_hash, k.permissions as key_permissions, k.act_as_owner, k.expires_at, k.revoked_at,
           k.passkey_id is not null as passkey_proved,
           k.last_used_at, k.last_audited_at,
           u.id as user_id, u.username, u.display_name, u.email, u.avatar_url, u.status, ${effectivePermissionColumns(db)},
           (select locked_until from auth_throttle where key = ${apiKeyIpKey(client.ip ?? "unknown")}) as ip_locked_until,
           ${requestSettingsColumns(db)} ${also ? db`, ${also(db, db`u.id`)} as also` : db``}
      from (select 1) one
      left join api_keys k on k.id = ${id}
      left join users u on u.id = k.user_id`;
  if (row.ipLockedUntil && row.ipLockedUntil.getTime() > now.getTime()) {
    return { ok: false, reason: "throttled", retryAfterMs: row.ipLockedUntil.getTime() - now.getTime() };
  }
  const fail = async (reason: ApiKeyFailure, message = "Invalid API key."): Promise<ApiKeyResult> => {
    await countFailure(db, apiKeyIpKey(client.ip ?? "unknown"), policy.ipAttempts, policy, now);
    await recordAudit(db, {
      action: "api-key.failed",
      actorType: "anonymous",
      targetType: row.id ? "api-key" : null,
      targetId: row.id,
      ip: client.ip,
      userAgent: client.userAgent,
      details: { reason },
    });
    return { ok: false, reason, message };
  };
  if (!match) return fail("bad format", "Malformed API key: expected porch_<id>_<secret>.");
  // An unknown id costs the same comparison as a known one.
  if (!row.id) return secretMatches(new Uint8Array(32), match[2]) ? fail("unknown id") : fail("unknown id");
  if (!secretMatches(row.secretHash, match[2])) return fail("wrong secret");
  // Only the holder of the real secret learns why a key stopped working.
  if (row.revokedAt) return fail("revoked", "This API key was revoked.");
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime())
    return fail("expired", `This API key expired at ${row.expiresAt.toISOString()}.`);
  if (row.status !== "active") return fail("owner inactive", "The owner of this API key is inactive.");

  const granted = row.keyPermissions.filter(isPermissionKey);
  const owner = closePermissions(row.permissions);
  // Never more than the owner can do now: a demoted owner's keys lose power on the next request.
  const permissions = new Set<PermissionKey>([...closePermissions(granted)].filter((p) => owner.has(p)));
  await noteUse(db, row, client, now);
  return {
    ok: true,
    ...(also ? { also: row.also } : {}),
    actor: {
      kind: "api-key",
      user: { id: row.userId, username: row.username, displayName: row.displayName, email: row.email, avatarUrl: row.avatarUrl },
      permissions,
      mustSetUpTwoFactor: row.mustSetUp2fa,
      passkeyStep: passkeyStepOf({ standing: row.passkeyStanding, passkeyProved: row.passkeyProved, mayHavePasskeys: true }),
      apiKey: { id: row.id, actAsOwner: row.actAsOwner, expiresAt: row.expiresAt, granted },
    },
    settings: requestSettingsOf(row),
  };
}

/** Last use at most once a minute, an audit row at most once an hour: busy scripts stay cheap. */
async function noteUse(db: Db, row: KeyRow, client: { ip: string | null; userAgent: string | null }, now: Date): Promise<void> {
  const stale = (at: Date | null, every: number) => !at || now.getTime() - at.getTime() >= every;
  const audit = stale(row.lastAuditedAt, AUDIT_USE_EVERY_MS);
  if (!audit && !stale(row.lastUsedAt, LAST_USED_EVERY_MS)) return;
  await db`
    update api_keys set last_used_at = ${now}, last_used_ip = ${client.ip},
           last_audited_at = case when ${audit} then ${now}::timestamptz else last_audited_at end
     where id = ${row.id}`;
  if (audit) {
    await recordAudit(db, {
      action: "api-key.used",
      actorType: "api-key",
      actorUserId: row.userId,
      targetType: "api-key",
      targetId: row.id,
      ip: client.ip,
      userAgent: client.userAgent,
    });
  }
}
