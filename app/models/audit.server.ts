import { sessionRef } from "~/auth/tokens.server";
import { wellFormedDeep } from "~/utils/unicode";
import { getConfig } from "~/config.server";
import type { Db, Sql } from "~/db.server";
import { maskPath } from "~/server/redact.server";
import { mayQueueFor, queueNotifications } from "./notifications.server";
import { mayChangeAdmins, webhookTypeOf } from "./webhook-events";
import { insertAuditQueued, noticeAdminChanges } from "./webhook-queue.server";

export interface AuditEvent {
  action: string;
  actorType?: "user" | "api-key" | "anonymous" | "system";
  actorUserId?: string | null;
  targetType?: string | null;
  /** For a session: its id, which is written as its reference (sessionRef), never as itself. */
  targetId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  /** Never a password, token or key. */
  details?: Record<string, unknown>;
}

/**
 * Writes an audit row. A failure is logged, never thrown: the audit must not break the action
 * it describes. Inside a transaction it uses a savepoint so a failed insert can't abort it.
 */
export async function recordAudit(db: Db, given: AuditEvent): Promise<void> {
  // The one place session targets become references: the log page, its CSV and stdout never see an id.
  const event = given.targetType === "session" && given.targetId ? { ...given, targetId: sessionRef(given.targetId) } : given;
  const row = (q: Db) => q`
    insert into audit_log (actor_type, actor_user_id, action, target_type, target_id, ip, user_agent, details)
    values (${event.actorType ?? (event.actorUserId ? "user" : "anonymous")}, ${event.actorUserId ?? null},
            ${event.action}, ${event.targetType ?? null}, ${event.targetId ?? null}, ${event.ip ?? null},
            ${event.userAgent?.slice(0, 512) ?? null}, ${q.json(wellFormedDeep(event.details ?? {}) as never)})`;
  // An event a webhook can subscribe to is queued by the same statement, which also says whether a webhook
  // wants to hear of new administrators (ADR 043): with none, an audited change costs no more than before.
  const type = webhookTypeOf(event.action);
  const askAdmins = mayChangeAdmins(event.action);
  const write = async (q: Db): Promise<boolean> => {
    if (!type && !askAdmins) return (await row(q), false);
    return (await insertAuditQueued(q, row(q), event, type, askAdmins)).wantsAdmins;
  };
  try {
    if ("savepoint" in db)
      await db.savepoint(async (sp) => {
        if (await write(sp)) await noticeAdminChanges(sp, event);
      });
    // Outside a transaction the change has committed: the comparison takes one of its own, for its lock.
    else if (await write(db)) await (db as Sql).begin((tx) => noticeAdminChanges(tx, event));
    // What the event means for the person it is about (a security mail), queued with it.
    await notify(db, event);
    // For log shippers and fail2ban: the same event as a JSON line (the IP is always there).
    if (auditToStdout()) {
      console.log(
        JSON.stringify({
          time: new Date().toISOString(),
          audit: event.action,
          actorUserId: event.actorUserId ?? null,
          target: event.targetType ? `${event.targetType}:${event.targetId ?? ""}` : null,
          ip: event.ip ?? null,
          details: event.details ?? {},
        }),
      );
    }
  } catch (error) {
    console.error(JSON.stringify({ level: "error", msg: "audit write failed", action: event.action, error: String(error) }));
  }
}

/** AUDIT_LOG_STDOUT; off in a process without configuration (test fixtures writing through models). */
function auditToStdout(): boolean {
  try {
    return getConfig().auditStdout;
  } catch {
    return false;
  }
}

/** Who did it, from where: the part of an audit row every admin change shares. */
export interface AuditActor {
  userId: string | null;
  ip: string | null;
  userAgent: string | null;
  /** Set when the change came through an API key (the row says so, and which key). */
  apiKeyId?: string;
  /** That key's own permissions (its scope within its owner's): what the change may carry of the owner's. */
  keyPermissions?: ReadonlySet<string>;
  /** The provisioning file being applied: the one actor that may change what it manages (ADR 044). */
  provisioning?: true;
}

export function auditActorFrom(context: {
  actor: { kind: string; user?: { id: string }; apiKey?: { id: string }; permissions?: ReadonlySet<string> };
  client: { ip: string | null; userAgent: string | null };
}): AuditActor {
  const apiKeyId = context.actor.apiKey?.id;
  const key = apiKeyId ? { apiKeyId, keyPermissions: context.actor.permissions ?? new Set<string>() } : {};
  return { userId: context.actor.user?.id ?? null, ...context.client, ...key };
}

/** An audit row for a change made by `actor`. */
export function recordChange(
  db: Db,
  actor: AuditActor,
  action: string,
  target: { type: string; id: string },
  details: Record<string, unknown> = {},
): Promise<void> {
  return recordAudit(db, {
    action,
    actorType: actor.apiKeyId ? "api-key" : actor.userId ? "user" : "system",
    actorUserId: actor.userId,
    targetType: target.type,
    targetId: target.id,
    ip: actor.ip,
    userAgent: actor.userAgent,
    details: actor.apiKeyId ? { ...details, apiKeyId: actor.apiKeyId } : details,
  });
}

/**
 * Identity headers from a peer outside AUTH_PROXY_TRUSTED_NETWORKS: ignored, and written down once per
 * address an hour (a spoofing attempt, or a proxy that isn't listed).
 */
export async function recordProxyHeaderIgnored(
  db: Db,
  event: { header: string; ip: string | null; userAgent: string | null },
): Promise<void> {
  try {
    await db`
      insert into audit_log (actor_type, action, ip, user_agent, details)
      select 'anonymous', 'auth.proxy-header-ignored', ${event.ip}, ${event.userAgent?.slice(0, 512) ?? null},
             ${db.json({ header: event.header, reason: "not from AUTH_PROXY_TRUSTED_NETWORKS" })}
       where not exists (
         select 1 from audit_log
          where action = 'auth.proxy-header-ignored' and ip is not distinct from ${event.ip}::text
            and created_at > now() - interval '1 hour')`;
  } catch (error) {
    console.error(JSON.stringify({ level: "error", msg: "audit write failed", action: "auth.proxy-header-ignored", error: String(error) }));
  }
}

/**
 * Forward auth refused a signed-in person an app (or an address nobody protected): one row per person and
 * app an hour, like denied pages, whatever path inside the app they tried.
 */
export async function recordAppDenied(
  db: Db,
  event: { userId: string; app: string; url: string; method: string | null; reason: string; ip: string | null; userAgent: string | null },
): Promise<void> {
  try {
    await db`
      insert into audit_log (actor_type, actor_user_id, action, target_type, target_id, ip, user_agent, details)
      select 'user', ${event.userId}, 'app.access.denied', 'app', ${event.app}, ${event.ip}, ${event.userAgent?.slice(0, 512) ?? null},
             ${db.json({ url: event.url.slice(0, 512), method: event.method, reason: event.reason })}
       where not exists (
         select 1 from audit_log
          where actor_user_id = ${event.userId} and action = 'app.access.denied' and target_id = ${event.app}
            and created_at > now() - interval '1 hour')`;
  } catch (error) {
    console.error(JSON.stringify({ level: "error", msg: "audit write failed", action: "app.access.denied", error: String(error) }));
  }
}

/**
 * A signed-in user (or, later, an API key) answered 403 or 404: probing shows up in the log, at most
 * one row per actor, path and hour so that it can't flood the table.
 */
export async function recordDenied(
  db: Db,
  event: { userId: string; path: string; status: number; method: string; ip: string | null; userAgent: string | null },
): Promise<void> {
  // Invite links answer 404 too: their token never reaches the log.
  const path = maskPath(event.path);
  try {
    await db`
      insert into audit_log (actor_type, actor_user_id, action, target_type, target_id, ip, user_agent, details)
      select 'user', ${event.userId}, 'access.denied', 'path', ${path}, ${event.ip}, ${event.userAgent?.slice(0, 512) ?? null},
             ${db.json({ status: event.status, method: event.method })}
       where not exists (
         select 1 from audit_log
          where actor_user_id = ${event.userId} and action = 'access.denied' and target_id = ${path}
            and created_at > now() - interval '1 hour')`;
  } catch (error) {
    console.error(JSON.stringify({ level: "error", msg: "audit write failed", action: "access.denied", error: String(error) }));
  }
}

/** Queues the event's security mails; like the audit row, a failure is logged and never breaks the action. */
async function notify(db: Db, event: AuditEvent): Promise<void> {
  if (!mayQueueFor(event)) return;
  try {
    if ("savepoint" in db) await db.savepoint((sp) => queueNotifications(sp, event));
    else await queueNotifications(db, event);
  } catch (error) {
    console.error(JSON.stringify({ level: "error", msg: "notification queue failed", action: event.action, error: String(error) }));
  }
}
