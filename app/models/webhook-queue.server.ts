// Webhook messages queued with the audit row that records their event (ADR 043): the same statement
// writes both, so an audited change costs no extra round trip, and a change that rolls back queues
// nothing. The admin.granted / admin.revoked events compare who is an administrator with who was.
import type { PendingQuery, Row } from "postgres";
import type { Db } from "~/db.server";
import { afterAnswer } from "~/server/after-answer.server";
import { activeAdminIds } from "./admins.server";
import type { AuditEvent } from "./audit.server";
import { deliverSoon } from "./webhook-delivery.server";
import type { WebhookEventType } from "./webhook-events";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOrNull = (id: string | null | undefined) => (id && UUID.test(id) ? id : null);

/**
 * Runs `auditInsert` (an `insert into audit_log … values …` fragment) and queues one message per enabled
 * webhook subscribed to `type`, in one statement. The message names the actor and target as they are now.
 * With `askAdmins`, the same statement says whether any webhook wants admin.granted / admin.revoked, so
 * an account or group change costs nothing more when none does.
 */
export async function insertAuditQueued(
  db: Db,
  auditInsert: PendingQuery<Row[]>,
  event: AuditEvent,
  type: WebhookEventType | null,
  askAdmins: boolean,
): Promise<{ wantsAdmins: boolean }> {
  const actorId = uuidOrNull(event.actorUserId);
  const targetId = event.targetId ?? null;
  const targetUuid = uuidOrNull(targetId);
  const [{ queued, wantsAdmins }] = await db<{ queued: number; wantsAdmins: boolean }[]>`
    with a as (${auditInsert} returning id, created_at),
    q as (
      insert into webhook_deliveries (webhook_id, event_type, payload)
      select w.id, ${type}, jsonb_build_object(
               'type', ${type}::text,
               'timestamp', a.created_at,
               'data', jsonb_build_object(
                 'action', ${event.action}::text,
                 'auditId', a.id,
                 'actor', jsonb_build_object(
                   'type', ${event.actorType ?? (event.actorUserId ? "user" : "anonymous")}::text,
                   'id', ${actorId}::uuid,
                   'username', (select username from users where id = ${actorId}::uuid)),
                 'target', jsonb_build_object(
                   'type', ${event.targetType ?? null}::text,
                   'id', ${targetId}::text,
                   'name', case ${event.targetType ?? null}::text
                             when 'user' then (select username from users where id = ${targetUuid}::uuid)
                             when 'group' then (select name from groups where id = ${targetUuid}::uuid)
                             when 'account' then (select username from users where username_key = ${targetId}::text)
                           end),
                 'ip', ${event.ip ?? null}::text,
                 'details', ${db.json((event.details ?? {}) as never)}::jsonb))
        from webhooks w, a
       where ${type}::text is not null and w.enabled and ${type}::text = any(w.events)
         -- A lockout is news when it is an account's: a name nobody has, typed six times, is anyone's text (attack44).
         and (${event.targetType ?? null}::text is distinct from 'account'
              or exists (select 1 from users where username_key = ${targetId}::text))
      returning 1)
    select (select count(*)::int from q) as queued,
           ${askAdmins}::boolean and exists (
             select 1 from webhooks where enabled and events && array['admin.granted', 'admin.revoked']) as wants_admins`;
  if (queued) afterAnswer("webhooks", () => deliverSoon());
  return { wantsAdmins };
}

/**
 * For a webhook that wants admin.granted or admin.revoked (insertAuditQueued said so): compares the
 * active administrators with the ones seen last, queues a message per difference and remembers the new
 * set. In a transaction, serialised by a lock, so two changes at once don't both announce the same person.
 */
export async function noticeAdminChanges(db: Db, event: AuditEvent): Promise<void> {
  const actorId = uuidOrNull(event.actorUserId);
  await db`select pg_advisory_xact_lock(hashtext('porch-webhook-admins'))`;
  const now = new Set(await activeAdminIds(db));
  const before = new Set((await db<{ userId: string }[]>`select user_id from webhook_known_admins`).map((r) => r.userId));
  const granted = [...now].filter((id) => !before.has(id));
  const revoked = [...before].filter((id) => !now.has(id));
  if (!granted.length && !revoked.length) return;
  const changes = [...granted.map((id) => ({ id, type: "admin.granted" })), ...revoked.map((id) => ({ id, type: "admin.revoked" }))];
  const [{ queued }] = await db<{ queued: number }[]>`
    with c as (select * from jsonb_to_recordset(${db.json(changes as never)}) as c(id uuid, type text)),
    q as (
      insert into webhook_deliveries (webhook_id, event_type, payload)
      select w.id, c.type, jsonb_build_object(
               'type', c.type, 'timestamp', now(),
               'data', jsonb_build_object(
                 'user', jsonb_build_object('id', c.id, 'username', (select username from users where id = c.id)),
                 -- What made it so, as the audit row says (newcomer45: who made someone an administrator?).
                 'action', ${event.action}::text,
                 'actor', jsonb_build_object(
                   'type', ${event.actorType ?? (event.actorUserId ? "user" : "anonymous")}::text,
                   'id', ${actorId}::uuid,
                   'username', (select username from users where id = ${actorId}::uuid)),
                 'ip', ${event.ip ?? null}::text))
        from webhooks w join c on c.type = any(w.events)
       where w.enabled
      returning 1)
    select count(*)::int as queued from q`;
  await rememberAdmins(db, [...now]);
  if (queued) afterAnswer("webhooks", () => deliverSoon());
}

/** The set the next comparison starts from (also when a webhook starts wanting admin events). */
export async function rememberAdmins(db: Db, ids?: string[]): Promise<void> {
  const list = ids ?? (await activeAdminIds(db));
  await db`delete from webhook_known_admins`;
  if (list.length) await db`insert into webhook_known_admins ${db(list.map((id) => ({ user_id: id })))}`;
}
