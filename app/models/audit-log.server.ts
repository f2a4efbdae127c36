import type { Db } from "~/db.server";
import { DAY, HOUR } from "~/utils/time";
import { usernameMatches } from "./users.server";
import { bigintText, storableTime } from "~/utils/query-values";

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilters {
  /** An action, or a prefix ending in "." such as "auth." */
  action?: string;
  /** A username, or "anonymous" */
  actor?: string;
  targetType?: string;
  targetId?: string;
  ip?: string;
  from?: Date;
  to?: Date;
}

export interface AuditRow {
  id: string;
  createdAt: Date;
  actorType: string;
  actorUsername: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  /** The target's name now (a user's, group's, board's or integration's), null when gone or nameless. */
  targetName: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
}

/** "2026-11-27T04:00:00.000Z_123": the last row's position, newest first. */
export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return `${new Date(row.createdAt).toISOString()}_${row.id}`;
}

export function decodeCursor(cursor: string | null): { createdAt: Date; id: string } | null {
  const match = cursor ? /^(\d{4}-\d\d-\d\dT[\d:.]+Z)_(\d+)$/.exec(cursor) : null;
  const createdAt = match ? storableTime(new Date(match[1])) : null;
  const id = match ? bigintText(match[2]) : null;
  // A cursor no page of ours could have made starts from the top.
  return createdAt && id ? { createdAt, id } : null;
}

function whereClause(db: Db, f: AuditFilters, cursor: { createdAt: Date; id: string } | null) {
  const parts = [db`true`];
  if (f.action) {
    parts.push(f.action.endsWith(".") ? db`a.action like ${`${f.action.replace(/[\\%_]/g, "\\$&")}%`}` : db`a.action = ${f.action}`);
  }
  if (f.actor === "anonymous") parts.push(db`a.actor_user_id is null`);
  else if (f.actor) parts.push(db`a.actor_user_id = (select id from users where ${usernameMatches(db, f.actor)})`);
  if (f.targetType) parts.push(db`a.target_type = ${f.targetType}`);
  if (f.targetId) parts.push(db`a.target_id = ${f.targetId}`);
  if (f.ip) parts.push(db`a.ip = ${f.ip}`);
  if (f.from) parts.push(db`a.created_at >= ${f.from}`);
  if (f.to) parts.push(db`a.created_at < ${f.to}`);
  if (cursor) parts.push(db`(a.created_at, a.id) < (${cursor.createdAt}, ${cursor.id})`);
  return parts.reduce((acc, part) => db`${acc} and ${part}`);
}

/** One page, newest first, by keyset: as fast on page 10 000 as on page 1. */
export async function listAuditLog(
  db: Db,
  filters: AuditFilters,
  options: { cursor?: string | null; limit?: number } = {},
): Promise<{ rows: AuditRow[]; next: string | null }> {
  const limit = options.limit ?? AUDIT_PAGE_SIZE;
  const rows = await db<AuditRow[]>`
    select a.id::text, a.created_at, a.actor_type, u.username as actor_username,
           a.action, a.target_type, a.target_id, t.name as target_name, a.ip, a.user_agent, a.details
      from audit_log a left join users u on u.id = a.actor_user_id
      -- Targets by name, looked up by primary key (ids that aren't UUIDs, like session references, find nothing).
      left join lateral (
        select case a.target_type
                 when 'user' then (select username from users where id = k.id)
                 when 'group' then (select name from groups where id = k.id)
                 when 'board' then (select name from boards where id = k.id)
                 when 'integration' then (select name from integrations where id = k.id)
                 when 'webhook' then (select name from webhooks where id = k.id)
                 when 'app' then (select origin || case when path_prefix = '/' then '' else path_prefix end
                                    from protected_apps where id = k.id)
               end as name
          from (select case when a.target_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then a.target_id::uuid end as id) k
      ) t on true
     where ${whereClause(db, filters, decodeCursor(options.cursor ?? null))}
     order by a.created_at desc, a.id desc
     limit ${limit + 1}`;
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return { rows: page, next: more ? encodeCursor(page[page.length - 1]) : null };
}

/** Streams every matching row in pages, for the CSV export. */
export async function* allAuditRows(db: Db, filters: AuditFilters, cap = 100_000): AsyncGenerator<AuditRow> {
  let cursor: string | null = null;
  let sent = 0;
  do {
    const page = await listAuditLog(db, filters, { cursor, limit: 1000 });
    for (const row of page.rows) {
      if (sent++ >= cap) return;
      yield row;
    }
    cursor = page.next;
  } while (cursor);
}

export interface ChartBucket {
  at: Date;
  succeeded: number;
  failed: number;
}

/** Successful and failed sign-ins per hour (ranges up to 2 days) or per day. */
export async function signInChart(db: Db, from: Date, to: Date): Promise<{ unit: "hour" | "day"; buckets: ChartBucket[] }> {
  const unit = to.getTime() - from.getTime() <= 2 * DAY ? "hour" : "day";
  const step = unit === "hour" ? HOUR : DAY;
  const rows = await db<{ at: Date; succeeded: number; failed: number }[]>`
    select date_trunc(${unit}, created_at) as at,
           count(*) filter (where action = 'auth.sign-in')::int as succeeded,
           count(*) filter (where action = 'auth.sign-in.failed')::int as failed
      from audit_log
     where action in ('auth.sign-in', 'auth.sign-in.failed') and created_at >= ${from} and created_at < ${to}
     group by 1 order by 1`;
  const byTime = new Map(rows.map((r) => [new Date(r.at).getTime(), r]));
  const buckets: ChartBucket[] = [];
  const start = Math.floor(from.getTime() / step) * step;
  for (let t = start; t < to.getTime() && buckets.length < 400; t += step) {
    const row = byTime.get(t);
    buckets.push({ at: new Date(t), succeeded: row?.succeeded ?? 0, failed: row?.failed ?? 0 });
  }
  return { unit, buckets };
}

/** Retention: rows older than `days` go. */
export async function purgeAuditLog(db: Db, days: number, now = new Date()): Promise<number> {
  const result = await db`delete from audit_log where created_at < ${new Date(now.getTime() - days * DAY)}`;
  return result.count;
}

/**
 * The latest failures that count toward this account's lock (whatever the name's case): sign-ins, and
 * the current-password checks of a signed-in session, which spend the same budget (ADR 014).
 */
export async function recentFailures(db: Db, username: string, limit = 10) {
  return db<{ createdAt: Date; ip: string | null; reason: string | null }[]>`
    select created_at, ip,
           case when action = 'auth.check.failed' then 'signed in: ' || (details ->> 'reason') else details ->> 'reason' end as reason
      from audit_log
     where action in ('auth.sign-in.failed', 'auth.check.failed')
       and porch_name_key(details ->> 'username') = porch_name_key(${username})
     order by created_at desc limit ${limit}`;
}
