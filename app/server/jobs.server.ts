import { deleteExpiredSessions } from "~/auth/session.server";
import { deleteStaleThrottles } from "~/auth/throttle.server";
import { getConfig } from "~/config.server";
import { purgeAuditLog } from "~/models/audit-log.server";
import { deleteStaleDeviceRequests } from "~/models/device-sign-ins.server";
import { sweepDisplayLinks } from "~/models/display-links.server";
import { joined, type Db, type Sql, type TransactionSql } from "~/db.server";
import { DIRECTORY_SYNC_JOB, syncDirectory } from "~/models/directory-sync.server";
import { sendQueuedNotificationsInJob } from "~/models/notifications.server";
import { deliverWebhooksInJob } from "~/models/webhook-delivery.server";
import { DAY, HOUR, MINUTE } from "~/utils/time";

export interface Job {
  name: string;
  /** A period read at each tick when it is a setting; 0 or less: the job is off. */
  everyMs: number | (() => number);
  /** Returns how many rows it handled, for the log line. */
  run: (db: Db, now: Date) => Promise<number>;
}

async function deleteStaleInvites(db: Db, now: Date): Promise<number> {
  const invites = await db`
    delete from invites
     where coalesce(used_at, expires_at) < ${new Date(now.getTime() - 30 * DAY)}`;
  const resets = await db`delete from password_resets where expires_at < ${now}`;
  return invites.count + resets.count;
}

export const JOBS: Job[] = [
  { name: "sessions.sweep", everyMs: HOUR, run: (db, now) => deleteExpiredSessions(db, now) },
  { name: "invites.cleanup", everyMs: DAY, run: deleteStaleInvites },
  { name: "device-sign-ins.cleanup", everyMs: HOUR, run: (db, now) => deleteStaleDeviceRequests(db, now) },
  { name: "throttle.cleanup", everyMs: HOUR, run: (db, now) => deleteStaleThrottles(db, getConfig().lockout, now) },
  { name: "audit.retention", everyMs: DAY, run: (db, now) => purgeAuditLog(db, getConfig().auditRetentionDays, now) },
  // Links whose maker lost full access, found at every tick (just under its minute, so none is skipped; ADR 038).
  { name: "display-links.sweep", everyMs: MINUTE - 5_000, run: (db, now) => sweepDisplayLinks(db, now) },
  // Security mails not sent yet (the kick after the answer failed, or SMTP was away): any instance, each once.
  { name: "notifications.send", everyMs: MINUTE - 5_000, run: sendQueuedNotificationsInJob },
  // Sends on its own connections: a slow receiver mustn't hold the job's transaction.
  { name: "webhooks.send", everyMs: MINUTE - 5_000, run: () => deliverWebhooksInJob() },
  // Every directory account looked up again (ADR 041); AUTH_LDAP_SYNC_INTERVAL, 0 turns it off.
  { name: DIRECTORY_SYNC_JOB, everyMs: () => getConfig().ldap?.syncIntervalMs ?? 0, run: syncDirectoryOnSchedule },
];

async function syncDirectoryOnSchedule(db: Db): Promise<number> {
  const ldap = getConfig().ldap;
  if (!ldap) return 0;
  const outcome = await syncDirectory(joined(db as TransactionSql), ldap, { actor: { userId: null, ip: null, userAgent: null } });
  return outcome.deactivated.length;
}

export const JOB_TICK_MS = MINUTE;

/**
 * Runs the jobs that are due. Every instance calls this; a transaction-scoped advisory lock per job
 * and the shared `job_runs` row make sure one instance does the work once per period.
 */
export async function runDueJobs(sql: Sql, jobs: Job[] = JOBS, now = new Date()): Promise<string[]> {
  const ran: string[] = [];
  for (const job of jobs) {
    const every = typeof job.everyMs === "function" ? job.everyMs() : job.everyMs;
    if (every <= 0) continue;
    const started = performance.now();
    const handled = await sql.begin(async (tx) => {
      const [{ locked }] = await tx`select pg_try_advisory_xact_lock(hashtext(${`porch-job:${job.name}`})) as locked`;
      if (!locked) return null;
      const [last] = await tx<{ lastRunAt: Date }[]>`select last_run_at from job_runs where name = ${job.name}`;
      if (last && now.getTime() - last.lastRunAt.getTime() < every) return null;
      const count = await job.run(tx, now);
      await tx`
        insert into job_runs (name, last_run_at) values (${job.name}, ${now})
        on conflict (name) do update set last_run_at = excluded.last_run_at`;
      return count;
    });
    if (handled === null) continue;
    ran.push(job.name);
    console.log(JSON.stringify({ time: new Date().toISOString(), job: job.name, handled, ms: Math.round(performance.now() - started) }));
  }
  return ran;
}
