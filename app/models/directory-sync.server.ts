// The LDAP scheduled sync (issue #23 part 2, ADR 041): every directory account Porch knows is looked up
// again by its stable id. Gone or disabled → inactive here, its sessions and keys ended, audited; still
// there → name, email and directory groups refreshed as at sign-in. Everything is read before anything
// changes, so a directory that fails mid-way changes nothing; and a run that would deactivate more than
// AUTH_LDAP_SYNC_MAX_DEACTIVATE is refused until an administrator applies it.
import type { LdapConfig } from "~/auth/ldap/config";
import { findDirectoryUser, LdapError, type DirectoryUser } from "~/auth/ldap/ldap.server";
import { checkInDirectory, type DirectoryCheck } from "~/auth/ldap/standing.server";
import { joined, type Db, type Sql } from "~/db.server";
import { recordAudit, type AuditActor } from "./audit.server";
import { resetCredentials } from "./credentials-reset.server";
import { DirectoryUserRefused, provisionDirectoryUser } from "./directory-users.server";

/** The job's name, and the advisory lock an administrator's "Sync everyone now" takes too. */
export const DIRECTORY_SYNC_JOB = "ldap.sync";
const KEPT_RUNS = 100;

export interface DirectorySyncOutcome {
  checked: number;
  deactivated: Array<{ username: string; standing: "gone" | "disabled" }>;
  /** Accounts still there whose name, email and groups were read again. */
  refreshed: number;
  /** Set when the safety limit kept it from applying. */
  refused: { wouldDeactivate: number; limit: number } | null;
  /** The directory couldn't be read: nothing changed. */
  error: string | null;
}

export interface DirectorySyncRun {
  id: string;
  finishedAt: Date;
  startedBy: string | null;
  checked: number;
  deactivated: number;
  wouldDeactivate: number | null;
  maxDeactivate: number | null;
  error: string | null;
}

/** How many accounts one run may deactivate when it checked `checked` (a share rounds down, but allows one). */
export function deactivationLimit(config: LdapConfig, checked: number): number {
  const max = config.syncMaxDeactivate;
  if ("count" in max) return max.count;
  return max.percent === 0 ? 0 : Math.max(1, Math.floor((checked * max.percent) / 100));
}

interface Found {
  account: { id: string; username: string; externalId: string };
  check: DirectoryCheck;
  /** Its entry as a sign-in reads it, when it is still there under one name (for the groups). */
  entry: DirectoryUser | null;
}

/**
 * One sync, in the caller's transaction when `sql` is joined to one (the job's, holding its lock).
 * `force` applies it past the safety limit (an administrator who looked at what it would do).
 */
export async function syncDirectory(
  sql: Sql,
  config: LdapConfig,
  by: { actor: AuditActor; force?: boolean },
): Promise<DirectorySyncOutcome> {
  const accounts = await sql<Found["account"][]>`
    select id, username, external_id from users
     where provider = 'ldap' and external_id is not null and status = 'active' and kind = 'person'
     order by username_key`;
  const found: Found[] = [];
  try {
    for (const account of accounts) {
      const check = await checkInDirectory(config, account);
      found.push({ account, check, entry: check.standing === "present" ? await entryOf(config, check.name, account.externalId) : null });
    }
  } catch (error) {
    if (!(error instanceof LdapError)) throw error;
    const outcome = emptyOutcome(accounts.length, `The directory couldn't be read (${error.message}): nothing was changed.`);
    await recordAudit(sql, {
      ...by.actor,
      actorType: by.actor.userId ? "user" : "system",
      action: "directory.sync.failed",
      details: { provider: "ldap", reason: error.message },
    });
    return remember(sql, by.actor, outcome);
  }
  const leaving = found.filter((f) => f.check.standing !== "present");
  const limit = deactivationLimit(config, found.length);
  if (leaving.length > limit && !by.force) {
    const outcome = { ...emptyOutcome(found.length, null), refused: { wouldDeactivate: leaving.length, limit } };
    await recordAudit(sql, {
      ...by.actor,
      actorType: by.actor.userId ? "user" : "system",
      action: "directory.sync.refused",
      details: { provider: "ldap", checked: found.length, wouldDeactivate: leaving.length, limit },
    });
    return remember(sql, by.actor, outcome);
  }
  const outcome = emptyOutcome(found.length, null);
  for (const { account, check } of leaving) {
    const standing = check.standing as "gone" | "disabled";
    const deactivated = await sql.begin(async (tx) => {
      const [row] =
        await tx`update users set status = 'inactive', updated_at = now() where id = ${account.id} and status = 'active' returning id`;
      if (!row) return false; // an administrator changed it meanwhile
      await resetCredentials(tx, by.actor, account.id, {
        action: "user.directory-departed",
        endApiKeys: true,
        details: { provider: "ldap", standing, deactivated: true, by: by.actor.userId ? "sync-now" : "scheduled-sync" },
      });
      return true;
    });
    if (deactivated) outcome.deactivated.push({ username: account.username, standing });
  }
  for (const { account, entry } of found) {
    if (!entry) continue;
    try {
      // Its own savepoint: one account that can't be refreshed never undoes the departures above (attack41).
      await provisionDirectoryUser(sql, "ldap", entry, {
        adminGroup: config.adminGroup,
        client: { ip: by.actor.ip, userAgent: by.actor.userAgent },
      });
      outcome.refreshed++;
    } catch (error) {
      // A name clashing with a local account's, deactivated meanwhile, or anything else: left as it is, and said.
      const reason = error instanceof DirectoryUserRefused ? error.reason : String(error);
      console.error(JSON.stringify({ level: "warn", msg: "ldap sync: account not refreshed", username: account.username, reason }));
    }
  }
  return remember(sql, by.actor, outcome);
}

/**
 * "Sync everyone now": the same sync under the job's lock, so it never runs beside the schedule's.
 * Null when a sync is running already.
 */
export async function syncDirectoryNow(
  sql: Sql,
  config: LdapConfig,
  by: { actor: AuditActor; force?: boolean },
): Promise<DirectorySyncOutcome | null> {
  return sql.begin(async (tx) => {
    const [{ locked }] = await tx`select pg_try_advisory_xact_lock(hashtext(${`porch-job:${DIRECTORY_SYNC_JOB}`})) as locked`;
    return locked ? syncDirectory(joined(tx), config, by) : null;
  });
}

export async function recentDirectorySyncs(db: Db, limit = 5): Promise<DirectorySyncRun[]> {
  return db<DirectorySyncRun[]>`
    select s.id::text, s.finished_at, u.username as started_by, s.checked, s.deactivated, s.would_deactivate, s.max_deactivate, s.error
      from directory_syncs s left join users u on u.id = s.started_by
     order by s.id desc limit ${limit}`;
}

/** Its entry as a sign-in reads it (groups included), when `name` still finds this very account. */
async function entryOf(config: LdapConfig, name: string, externalId: string): Promise<DirectoryUser | null> {
  try {
    const entry = await findDirectoryUser(config, name);
    return entry.externalId === externalId ? entry : null;
  } catch (error) {
    // Two entries answer to the name, more groups than the server lists, a name it can't search by: its
    // groups wait for a sign-in; whether it left was decided by its id already (attack41).
    if (error instanceof LdapError) {
      console.error(JSON.stringify({ level: "warn", msg: "ldap sync: groups not read", name, reason: error.message }));
      return null;
    }
    throw error;
  }
}

function emptyOutcome(checked: number, error: string | null): DirectorySyncOutcome {
  return { checked, deactivated: [], refreshed: 0, refused: null, error };
}

async function remember(sql: Sql, actor: AuditActor, outcome: DirectorySyncOutcome): Promise<DirectorySyncOutcome> {
  await sql`
    with old as (delete from directory_syncs where id <= (select max(id) - ${KEPT_RUNS - 1} from directory_syncs))
    insert into directory_syncs (started_by, checked, deactivated, would_deactivate, max_deactivate, error)
    values (${actor.userId}, ${outcome.checked}, ${outcome.deactivated.length}, ${outcome.refused?.wouldDeactivate ?? null},
            ${outcome.refused?.limit ?? null}, ${outcome.error})`;
  console.log(
    JSON.stringify({
      level: outcome.error || outcome.refused ? "warn" : "info",
      msg: "ldap sync",
      checked: outcome.checked,
      deactivated: outcome.deactivated.length,
      refreshed: outcome.refreshed,
      refused: outcome.refused,
      error: outcome.error,
    }),
  );
  return outcome;
}
