// Security notifications (issue #23 part 3): what the audit log records about an account, the person is
// also told by mail. One place decides: the audit event (recordAudit) queues the mail in the same
// transaction, so a change that rolls back mails nothing; a job sends the queue (any instance, each
// mail once), and a short kick after the answer sends it at once. Links use BASE_URL, never the request.
import { getConfig } from "~/config.server";
import { getSql, joined, type Db, type Sql, type TransactionSql } from "~/db.server";
import { afterAnswer } from "~/server/after-answer.server";
import { outboundLink } from "~/server/links.server";
import { sendMail } from "~/server/mail.server";
import { describeDevice } from "~/utils/device";
import { DAY, SECOND } from "~/utils/time";
import { recordChange, type AuditActor, type AuditEvent } from "./audit.server";
import { NOTIFICATION_KINDS, type NotificationKind } from "./notification-kinds";

const MAX_ATTEMPTS = 5;
const BATCH = 20;
const KEPT_SENT_MS = 30 * DAY;

interface Planned {
  userId: string;
  kind: NotificationKind;
  facts: Record<string, unknown>;
  /** Another address than the account's (the one an email change replaced). */
  to?: string;
}

const text = (v: unknown): string | null => (typeof v === "string" && v ? v : null);

/** The mails an audit event means, for whom (before the new-device check, which needs the database). */
export function plannedFor(event: AuditEvent): Planned[] {
  const d = event.details ?? {};
  const about = event.targetType === "user" ? event.targetId : event.actorUserId;
  const facts = { ip: event.ip ?? null, device: describeDevice(event.userAgent ?? null) };
  // Done to them by someone else (an administrator, the command line), or by themselves.
  const byAdmin = (userId: string) => (event.actorUserId ? event.actorUserId !== userId : event.actorType === "system");
  const one = (kind: NotificationKind, extra: Record<string, unknown> = {}, userId = about): Planned[] =>
    userId ? [{ userId, kind, facts: { ...facts, byAdmin: byAdmin(userId), ...extra } }] : [];
  switch (event.action) {
    case "account.password-changed":
    case "password-reset.completed":
    case "user.password-reset-by-admin":
    case "user.password-reset-by-cli":
      return one("password-changed");
    case "two-factor.enabled":
      return one("two-factor-changed", { on: true });
    case "two-factor.disabled":
    case "two-factor.reset-by-admin":
      return one("two-factor-changed", { on: false });
    case "passkey.registered":
      return one("passkey-changed", { added: true, passkey: text(d.passkey) });
    case "passkey.removed":
    case "passkey.removed-by-admin":
      return one("passkey-changed", { added: false, passkey: text(d.passkey) });
    case "api-key.created":
      return one("api-key-created", { description: null }, text(d.owner));
    case "auth.lockout":
      return one("account-locked", { until: text(d.until) }, event.actorUserId ?? null);
    case "account.profile-updated":
    case "user.profile-updated": {
      const before =
        event.action === "user.profile-updated" ? text((d.before as Record<string, unknown> | undefined)?.email) : text(d.previousEmail);
      const after = event.action === "user.profile-updated" ? text((d.after as Record<string, unknown> | undefined)?.email) : text(d.email);
      const known = event.action === "user.profile-updated" || "previousEmail" in d;
      if (!known || (before ?? "").toLowerCase() === (after ?? "").toLowerCase() || !about) return [];
      const change = { from: before, to: after };
      // The new address hears it as the account's; the old one is told separately (it may be the owner's only way to notice).
      const told = one("email-changed", change);
      // The address it replaced hears it too, when Porch had confirmed it was theirs (never a stranger's, attack42).
      return before && d.previousEmailConfirmed === true ? [...told, { ...told[0], to: before }] : told;
    }
    case "auth.sign-in":
      return one("new-device", {}, event.actorUserId ?? null);
    case "account.security-mails-changed":
      // Turning mails off is told, always: the last word a thief's quiet key would otherwise silence (attack43).
      return Array.isArray(d.turnedOff) && d.turnedOff.length ? one("mails-turned-off", { kinds: d.turnedOff.join(", ") }) : [];
    default:
      return [];
  }
}

/**
 * Queues the mails `event` means, in the caller's transaction (recordAudit calls it). Nothing without
 * SMTP, for service accounts, for accounts without an email, or for kinds the person turned off.
 */
export async function queueNotifications(db: Db, event: AuditEvent): Promise<void> {
  if (!mayQueueFor(event)) return;
  let queued = 0;
  for (const plan of await plansOf(db, event)) {
    if (plan.kind === "new-device" && !(await isNewDevice(db, plan.userId, String(plan.facts.device)))) continue;
    const optional = NOTIFICATION_KINDS[plan.kind].optional;
    const rows = await db`
      insert into notification_outbox (user_id, kind, to_address, facts)
      select u.id, ${plan.kind}, coalesce(${plan.to ?? null}, u.email), ${db.json({ ...plan.facts, at: new Date().toISOString() } as never)}
        from users u
       where u.id = ${plan.userId} and u.kind = 'person' and coalesce(${plan.to ?? null}, u.email) is not null
         -- An address anyone could have typed in is never mailed: only one Porch confirmed (attack42); a
         -- directory's or proxy's address can be edited on My account too (attack43). The replaced address
         -- was checked when planned.
         and (${plan.to ?? null}::text is not null or u.email_verified_at is not null)
         and not (${optional} and ${plan.kind} = any(u.notifications_off))
      returning id`;
    queued += rows.length;
  }
  if (queued) afterAnswer("security notifications", () => sendSoon());
}

/** plannedFor, and the account a lockout at the login form names (its target is the name's key, attack42). */
async function plansOf(db: Db, event: AuditEvent): Promise<Planned[]> {
  if (event.action !== "auth.lockout" || event.actorUserId || !event.targetId) return plannedFor(event);
  const [account] = await db<{ id: string }[]>`select id from users where username_key = ${event.targetId}`;
  return account ? plannedFor({ ...event, actorUserId: account.id }) : [];
}

/**
 * Records this device for the person; true when it is one they hadn't signed in with and they had signed
 * in with another before (the first sign-in of an account, or the first since this feature, tells nothing).
 */
async function isNewDevice(db: Db, userId: string, device: string): Promise<boolean> {
  const [row] = await db<{ fresh: boolean; others: number }[]>`
    with seen as (
      insert into known_devices (user_id, device) values (${userId}, ${device})
      on conflict (user_id, device) do update set last_seen_at = now()
      returning (xmax = 0) as fresh)
    select (select fresh from seen) as fresh,
           (select count(*)::int from known_devices where user_id = ${userId} and device <> ${device}) as others`;
  return row.fresh && row.others > 0;
}

let kickDelayMs = 1.5 * SECOND;

/** Tests send the queue themselves: the kick needn't wait for a change to commit. */
export function setNotificationKickDelayForTests(ms: number): void {
  kickDelayMs = ms;
}

/** The queue's kick: a moment after the answer, once the change that queued it has committed. */
async function sendSoon(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, kickDelayMs));
  await sendQueuedNotifications(getSql());
}

/** Which optional mails the person turns off; audited, and the turning off is mailed (never optional). */
export async function setSecurityMailsOff(sql: Sql, actor: AuditActor & { userId: string }, off: NotificationKind[]): Promise<void> {
  await sql.begin(async (tx) => {
    const [before] = await tx<{ off: string[] }[]>`select notifications_off as off from users where id = ${actor.userId} for update`;
    await tx`update users set notifications_off = ${off}::text[], updated_at = now() where id = ${actor.userId}`;
    const turnedOff = off.filter((k) => !before?.off.includes(k));
    await recordChange(tx, actor, "account.security-mails-changed", { type: "user", id: actor.userId }, { off, turnedOff });
  });
}

/**
 * Whether `event` may mean a mail, decided without the database: recordAudit asks first, so the many
 * events that mean none (or any event without SMTP) cost no statement, not even a savepoint.
 */
export function mayQueueFor(event: AuditEvent): boolean {
  if (!mailConfigured()) return false;
  // A lockout at the login form names its account by key only (plansOf finds it).
  return plannedFor(event).length > 0 || (event.action === "auth.lockout" && Boolean(event.targetId));
}

/** SMTP is set. A process without Porch's settings (a test driving the models directly) sends nothing. */
function mailConfigured(): boolean {
  try {
    return getConfig().smtp !== null;
  } catch {
    return false;
  }
}

/** Sends what waits (each row once, whichever instance gets it); a failure is retried at the next run. Returns how many went. */
export async function sendQueuedNotifications(sql: Sql, now = new Date()): Promise<number> {
  if (!getConfig().smtp) return 0;
  return sql.begin(async (tx) => {
    await tx`delete from notification_outbox where sent_at < ${new Date(now.getTime() - KEPT_SENT_MS)}`;
    const rows = await tx<
      Array<{ id: string; kind: NotificationKind; toAddress: string; facts: Record<string, unknown>; username: string }>
    >`
      select o.id, o.kind, o.to_address, o.facts, u.username
        from notification_outbox o join users u on u.id = o.user_id
       where o.sent_at is null and o.attempts < ${MAX_ATTEMPTS}
       order by o.id limit ${BATCH}
         for update of o skip locked`;
    let sent = 0;
    for (const row of rows) {
      const mail = notificationMail(row.kind, row.facts, row.username);
      try {
        await sendMail(row.toAddress, mail.subject, mail.text);
        await tx`update notification_outbox set sent_at = now(), attempts = attempts + 1 where id = ${row.id}`;
        sent++;
      } catch (error) {
        await tx`update notification_outbox set attempts = attempts + 1, last_error = ${String(error).slice(0, 500)} where id = ${row.id}`;
      }
    }
    return sent;
  });
}

/** The job's entry: inside its transaction (and lock). */
export function sendQueuedNotificationsInJob(db: Db, now: Date): Promise<number> {
  return sendQueuedNotifications(joined(db as TransactionSql), now);
}

/** What the mail says: what happened, when, from where, and what to do if it wasn't them. */
export function notificationMail(
  kind: NotificationKind,
  facts: Record<string, unknown>,
  username: string,
): { subject: string; text: string } {
  // Every fact on one line and short: nothing a person named (a passkey) adds lines to a mail Porch signs.
  const f = Object.fromEntries(
    Object.entries(facts).map(([k, v]) => [k, typeof v === "string" ? v.replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, " ").slice(0, 80) : v]),
  );
  const when = `${String(f.at ?? "")
    .replace("T", " ")
    .slice(0, 16)} UTC`;
  const where = `${String(f.device ?? "an unknown device")}${f.ip ? `, address ${String(f.ip)}` : ""}`;
  const by = f.byAdmin ? "An administrator" : "Someone signed in as you";
  const [subject, what] = ((): [string, string] => {
    switch (kind) {
      case "new-device":
        return [
          "New sign-in to your Porch account",
          `Your account ${username} was signed in to from a device or browser it hadn't used before: ${where}, at ${when}.`,
        ];
      case "password-changed":
        return [
          "Your Porch password was changed",
          `${f.byAdmin ? "An administrator set a new password" : "The password was changed"} for your account ${username} at ${when} (${where}). Its other sessions and API keys ended.`,
        ];
      case "two-factor-changed":
        return [
          `Two-factor sign-in was turned ${f.on ? "on" : "off"} for your Porch account`,
          `${by} turned two-factor sign-in ${f.on ? "on" : "off"} for your account ${username} at ${when} (${where}).`,
        ];
      case "passkey-changed":
        return [
          `A passkey was ${f.added ? "added to" : "removed from"} your Porch account`,
          `${by} ${f.added ? "added" : "removed"} ${f.passkey ? `the passkey "${String(f.passkey)}"` : "a passkey"} ${f.added ? "to" : "from"} your account ${username} at ${when} (${where}).`,
        ];
      case "email-changed":
        return [
          "The email address of your Porch account was changed",
          `${by} changed the email address of your account ${username} from ${String(f.from ?? "none")} to ${String(f.to ?? "none")} at ${when} (${where}).`,
        ];
      case "api-key-created":
        return ["An API key was made for your Porch account", `${by} made an API key for your account ${username} at ${when} (${where}).`];
      case "mails-turned-off":
        return [
          "Security mails were turned off for your Porch account",
          `${by} turned off these security mails for your account ${username} at ${when} (${where}): ${String(f.kinds ?? "")}.`,
        ];
      case "account-locked":
        return [
          "Your Porch account was locked",
          `Your account ${username} was locked after too many failed sign-in attempts, the last from address ${String(f.ip ?? "unknown")}, at ${when}${f.until ? `, until ${String(f.until).replace("T", " ").slice(0, 16)} UTC` : ""}.`,
        ];
    }
  })();
  const lines = [
    what,
    "",
    "If this was you, there is nothing to do.",
    `If it wasn't: sign in and change your password at ${outboundLink("/settings")}, end the sessions you don't recognise at ${outboundLink("/settings/sessions")}, and tell your administrator.`,
  ];
  if (NOTIFICATION_KINDS[kind].optional)
    lines.push("", `You can turn these mails off under My account → Security mails: ${outboundLink("/settings")}`);
  return { subject, text: lines.join("\n") };
}
