// "Inactive for N days" (issue #23 part 2): people whose account shows no use for that long (no sign-in,
// no session used, no API key used), for an administrator to deactivate in bulk. The same rule lists
// them and, when the form comes back, picks who is still inactive: someone who came back meanwhile is
// left alone.
import type { Db, Sql } from "~/db.server";
import { DAY } from "~/utils/time";
import { LastAdminError } from "./admins.server";
import type { AuditActor } from "./audit.server";
import { setUserStatus } from "./manage-users.server";

export const INACTIVE_DAYS = [30, 60, 90, 180, 365] as const;
export const DEFAULT_INACTIVE_DAYS = 90;
/** The report's length: beyond it, deactivate a page and look again. */
export const INACTIVE_LIMIT = 200;

export interface InactivePerson {
  id: string;
  username: string;
  displayName: string | null;
  provider: string;
  createdAt: Date;
  lastSignInAt: Date | null;
  lastSessionUseAt: Date | null;
  lastKeyUseAt: Date | null;
}

/** The day choice in a query string, or the default: only the listed ones. */
export function inactiveDays(value: string | null): number {
  const n = Number(value);
  return (INACTIVE_DAYS as readonly number[]).includes(n) ? n : DEFAULT_INACTIVE_DAYS;
}

/** Active people (never service accounts) with no sign-in, session use or key use for `days`, made before that; `only`: of these ids. */
export async function inactivePeople(db: Db, days: number, options: { only?: string[]; now?: Date } = {}): Promise<InactivePerson[]> {
  const cutoff = new Date((options.now ?? new Date()).getTime() - days * DAY);
  return db<InactivePerson[]>`
    select u.id, u.username, u.display_name, u.provider, u.created_at, u.last_sign_in_at,
           (select max(s.last_used_at) from sessions s where s.user_id = u.id) as last_session_use_at,
           (select max(k.last_used_at) from api_keys k where k.user_id = u.id) as last_key_use_at
      from users u
     where u.kind = 'person' and u.status = 'active' and u.created_at < ${cutoff}
       and (u.last_sign_in_at is null or u.last_sign_in_at < ${cutoff})
       and not exists (select 1 from sessions s where s.user_id = u.id and s.last_used_at >= ${cutoff})
       and not exists (select 1 from api_keys k where k.user_id = u.id and k.last_used_at >= ${cutoff})
       ${options.only ? db`and u.id = any(${options.only}::uuid[])` : db``}
     order by u.last_sign_in_at nulls first, u.username_key
     limit ${INACTIVE_LIMIT}`;
}

export interface BulkDeactivation {
  deactivated: string[];
  /** Picked, but used since the page was shown (or gone): left alone. */
  skipped: number;
  /** Deactivating them would have left no active administrator. */
  lastAdmin: string | null;
}

/** Deactivates those of `ids` who are still inactive for `days` (each one as Manage → Users does it). */
export async function deactivateInactive(sql: Sql, actor: AuditActor, ids: string[], days: number): Promise<BulkDeactivation> {
  const still = await inactivePeople(sql, days, { only: ids });
  const outcome: BulkDeactivation = { deactivated: [], skipped: ids.length - still.length, lastAdmin: null };
  for (const person of still) {
    try {
      await setUserStatus(sql, actor, person.id, "inactive");
      outcome.deactivated.push(person.username);
    } catch (error) {
      if (!(error instanceof LastAdminError)) throw error;
      outcome.lastAdmin = person.username;
    }
  }
  return outcome;
}
