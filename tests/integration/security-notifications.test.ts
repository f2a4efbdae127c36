import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { setConfigForTests } from "~/config.server";
import { countStatements, createSql, statementCount } from "~/db.server";
import { updateOwnProfile } from "~/models/account.server";
import { recordAudit, type AuditEvent } from "~/models/audit.server";
import { sendQueuedNotifications, setNotificationKickDelayForTests } from "~/models/notifications.server";
import { createServiceAccount } from "~/models/service-accounts.server";
import { settleAfterAnswer } from "~/server/after-answer.server";
import { startTestSmtp } from "../../scripts/lib/test-smtp.mjs";
import { TEST_CONFIG, useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

// Security mails (issue #23 part 3) through the tests' real SMTP server: what each says, to whom, once,
// never for a change that rolled back, and the opt-out only for the informational ones.

countStatements();
const db = useTestDatabase();
const dir = mkdtempSync(path.join(os.tmpdir(), "porch-notify-test-"));
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const CHROME_ANDROID = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36";

beforeAll(async () => {
  smtp = await startTestSmtp(dir);
  setNotificationKickDelayForTests(0);
});
afterAll(async () => {
  await smtp.close();
  rmSync(dir, { recursive: true, force: true });
});
const mailOn = () =>
  setConfigForTests({
    ...TEST_CONFIG,
    databaseUrl: db.url(),
    baseUrl: new URL("https://porch.example.test"),
    smtp: { url: smtp.url, from: "Porch <porch@example.test>" },
  });
beforeEach(mailOn);

/** The mails delivered to `address`: subject and body. */
function mailsTo(address: string): Array<{ subject: string; text: string }> {
  return readdirSync(dir)
    .map((f) => readFileSync(path.join(dir, f), "utf8"))
    .filter((m) => m.includes(`X-Envelope-To: ${address}`))
    .map((m) => ({ subject: /^Subject: (.*)$/m.exec(m)?.[1] ?? "", text: m.replace(/=\r?\n/g, "") }));
}

async function person() {
  const user = await makeUser(db.sql());
  const email = `${user.username}@example.test`;
  // Confirmed: Porch mails only addresses it confirmed (or a directory's).
  await db.sql()`update users set email = ${email}, email_verified_at = now() where id = ${user.id}`;
  return { ...user, email };
}

const event = (userId: string, action: string, extra: Partial<AuditEvent> = {}): AuditEvent => ({
  action,
  actorUserId: userId,
  targetType: "user",
  targetId: userId,
  ip: "203.0.113.7",
  userAgent: FIREFOX,
  ...extra,
});

/** Sends what the queue holds, after the kick that follows each answer has had its go. */
async function deliver() {
  await settleAfterAnswer();
  await sendQueuedNotifications(db.sql());
}

describe("security notifications", () => {
  it("tell the person their password changed: what, when, from where, and what to do, with links to BASE_URL only", async () => {
    const alice = await person();
    await recordAudit(db.sql(), event(alice.id, "account.password-changed"));
    await deliver();
    const [mail] = mailsTo(alice.email);
    expect(mail.subject).toBe("Your Porch password was changed");
    expect(mail.text).toContain(`for your account ${alice.username} at `);
    expect(mail.text).toContain("Firefox on Linux, address 203.0.113.7");
    expect(mail.text).toContain("change your password at https://porch.example.test/settings,");
    expect(mail.text).toContain("https://porch.example.test/settings/sessions");
    expect(mail.text).not.toMatch(/turn these mails off/);
  });

  it("tell the confirmed address an email change replaced; never an address nobody confirmed (attack42)", async () => {
    const bob = await person();
    const actor = { userId: bob.id, ip: "203.0.113.8", userAgent: FIREFOX };
    await updateOwnProfile(db.sql(), actor, { displayName: "Bob", email: `new-${bob.email}`, avatarUrl: null });
    await deliver();
    const [mail] = mailsTo(bob.email);
    expect(mail?.subject).toBe("The email address of your Porch account was changed");
    expect(mail.text).toContain(`from ${bob.email} to new-${bob.email}`);
    // The new address isn't confirmed: it hears nothing, of this or of later events.
    await recordAudit(db.sql(), event(bob.id, "two-factor.enabled"));
    // A stranger's address typed in and changed away again, many times: never mailed.
    for (let i = 0; i < 3; i++) {
      await updateOwnProfile(db.sql(), actor, { displayName: "Bob", email: "victim@outside.test", avatarUrl: null });
      await updateOwnProfile(db.sql(), actor, { displayName: "Bob", email: `new-${bob.email}`, avatarUrl: null });
    }
    await deliver();
    expect(mailsTo(`new-${bob.email}`)).toHaveLength(0);
    expect(mailsTo("victim@outside.test")).toHaveLength(0);
  });

  it("refuse to mail an address a directory or proxy account typed in itself (attack43)", async () => {
    for (const provider of ["proxy", "ldap"]) {
      const who = await makeUser(db.sql());
      await db.sql()`update users set provider = ${provider}, password_hash = null, email = ${`${who.username}@outside.example`} where id = ${who.id}`;
      await recordAudit(db.sql(), event(who.id, "two-factor.enabled"));
      await deliver();
      expect(mailsTo(`${who.username}@outside.example`), provider).toHaveLength(0);
    }
  });

  it("tell the person, always, when their security mails are turned off (attack43)", async () => {
    const ned = await person();
    const { setSecurityMailsOff } = await import("~/models/notifications.server");
    const actor = { userId: ned.id, ip: "203.0.113.9", userAgent: FIREFOX };
    await setSecurityMailsOff(db.sql(), actor, ["new-device", "api-key-created"]);
    await setSecurityMailsOff(db.sql(), actor, ["new-device", "api-key-created"]);
    await deliver();
    const mails = mailsTo(ned.email);
    expect(mails.map((m) => m.subject)).toEqual(["Security mails were turned off for your Porch account"]);
    expect(mails[0].text).toContain("new-device, api-key-created");
    const [audit] =
      await db.sql()`select details from audit_log where action = 'account.security-mails-changed' and target_id = ${ned.id} order by id limit 1`;
    expect(audit.details).toMatchObject({ off: ["new-device", "api-key-created"], turnedOff: ["new-device", "api-key-created"] });
  });

  it("say an administrator changed the email, to the address replaced too (attack42)", async () => {
    const kim = await person();
    const admin = await makeUser(db.sql(), { permissions: ["admin"] });
    const { updateProfile } = await import("~/models/manage-users.server");
    await updateProfile(db.sql(), { userId: admin.id, ip: "192.0.2.1", userAgent: FIREFOX }, kim.id, {
      displayName: null,
      email: `moved-${kim.email}`,
      avatarUrl: null,
    });
    await deliver();
    const [mail] = mailsTo(kim.email);
    expect(mail.text).toContain("An administrator changed the email address");
  });

  it("tell a person their account was locked by someone guessing at the login form (attack42)", async () => {
    const lou = await person();
    const [{ key }] = await db.sql()`select username_key as key from users where id = ${lou.id}`;
    await recordAudit(db.sql(), {
      action: "auth.lockout",
      actorUserId: null,
      targetType: "account",
      targetId: key,
      ip: "198.51.100.66",
      userAgent: FIREFOX,
    });
    await deliver();
    const [mail] = mailsTo(lou.email);
    expect(mail?.subject).toBe("Your Porch account was locked");
    expect(mail.text).toContain("from address 198.51.100.66");
  });

  it("refuse to let a passkey's name add lines to a mail (attack42)", async () => {
    const { passkeyName } = await import("~/models/passkeys.server");
    expect(passkeyName("k\n\nACTION NEEDED: https://evil.example\r\n")).toBe("k ACTION NEEDED: https://evil.example");
    const { notificationMail } = await import("~/models/notifications.server");
    const mail = notificationMail("passkey-changed", { added: false, passkey: "k\n\nACTION NEEDED", at: new Date().toISOString() }, "pat");
    expect(mail.text.split("\n")[0]).toContain('the passkey "k  ACTION NEEDED"');
  });

  it("tell of a sign-in from a device or browser the account hadn't used, once; never of the first sign-in", async () => {
    const carol = await person();
    const signIn = (userAgent: string) =>
      recordAudit(db.sql(), {
        action: "auth.sign-in",
        actorUserId: carol.id,
        targetType: "session",
        targetId: "s",
        ip: "198.51.100.4",
        userAgent,
      });
    await signIn(FIREFOX);
    await signIn(FIREFOX);
    await deliver();
    expect(mailsTo(carol.email)).toHaveLength(0);
    await signIn(CHROME_ANDROID);
    await signIn(CHROME_ANDROID);
    await deliver();
    const mails = mailsTo(carol.email);
    expect(mails.map((m) => m.subject)).toEqual(["New sign-in to your Porch account"]);
    expect(mails[0].text).toContain("Chrome on Android, address 198.51.100.4");
    expect(mails[0].text).toContain("turn these mails off under My account");
  });

  it("leave out the informational mails a person turned off, never the critical ones", async () => {
    const dave = await person();
    await db.sql()`update users set notifications_off = '{api-key-created,password-changed}' where id = ${dave.id}`;
    await recordAudit(db.sql(), event(dave.id, "api-key.created", { targetType: "api-key", targetId: "k1", details: { owner: dave.id } }));
    await recordAudit(db.sql(), event(dave.id, "account.password-changed"));
    await deliver();
    expect(mailsTo(dave.email).map((m) => m.subject)).toEqual(["Your Porch password was changed"]);
  });

  it("tell of two-factor, passkeys, keys made by an admin, and a lockout, each in its words", async () => {
    const erin = await person();
    const admin = await makeUser(db.sql());
    await recordAudit(db.sql(), event(erin.id, "two-factor.disabled"));
    await recordAudit(db.sql(), event(erin.id, "passkey.registered", { details: { passkey: "Laptop" } }));
    await recordAudit(db.sql(), event(admin.id, "api-key.created", { targetType: "api-key", targetId: "k2", details: { owner: erin.id } }));
    await recordAudit(
      db.sql(),
      event(erin.id, "auth.lockout", { targetType: "account", targetId: "erin", details: { until: "2026-11-29T10:15:00.000Z" } }),
    );
    await deliver();
    const mails = mailsTo(erin.email);
    expect(mails.map((m) => m.subject).sort()).toEqual([
      "A passkey was added to your Porch account",
      "An API key was made for your Porch account",
      "Two-factor sign-in was turned off for your Porch account",
      "Your Porch account was locked",
    ]);
    expect(mails.find((m) => m.subject.startsWith("An API key"))!.text).toContain("An administrator made an API key");
    expect(mails.find((m) => m.subject.startsWith("A passkey"))!.text).toContain('the passkey "Laptop"');
    expect(mails.find((m) => m.subject.startsWith("Your Porch account was locked"))!.text).toContain("until 2026-11-29 10:15 UTC");
  });

  it("refuse to mail about a change that rolled back, a service account, or anything when no SMTP is set", async () => {
    const frank = await person();
    await expect(
      db.sql().begin(async (tx) => {
        await recordAudit(tx, event(frank.id, "account.password-changed"));
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    const robot = await createServiceAccount(
      db.sql(),
      { userId: null, ip: null, userAgent: null },
      { name: `bot-${Date.now()}`, description: null, groupIds: [] },
    );
    await recordAudit(db.sql(), event(robot, "api-key.created", { targetType: "api-key", targetId: "k3", details: { owner: robot } }));
    setConfigForTests({ ...TEST_CONFIG, databaseUrl: db.url() });
    await recordAudit(db.sql(), event(frank.id, "two-factor.enabled"));
    mailOn();
    await deliver();
    expect(mailsTo(frank.email)).toHaveLength(0);
    expect((await db.sql()`select count(*)::int as n from notification_outbox where user_id in ${db.sql()([frank.id, robot])}`)[0].n).toBe(
      0,
    );
  });

  it("cost an audit row nothing more when it means no mail, or when no SMTP is set: not even a savepoint", async () => {
    const ola = await person();
    // Counted for this process: the mails earlier tests queued are sent first.
    const statementsOf = async (action: string) => {
      await deliver();
      return db.sql().begin(async (tx) => {
        const before = statementCount();
        await recordAudit(tx, event(ola.id, action));
        return statementCount() - before;
      });
    };
    // Two: the audit row, in the savepoint that keeps a failed insert from aborting the caller's transaction.
    expect(await statementsOf("board.created")).toBe(2);
    setConfigForTests({ ...TEST_CONFIG, databaseUrl: db.url() });
    expect(await statementsOf("account.password-changed")).toBe(2);
    mailOn();
  });

  it("send each mail once however many instances send at the same moment, and retry one SMTP refused", async () => {
    const grace = await person();
    for (let i = 0; i < 3; i++) await recordAudit(db.sql(), event(grace.id, "two-factor.enabled"));
    await db.sql()`update notification_outbox set attempts = 0 where user_id = ${grace.id}`;
    const pools = [db.sql(), createSql(db.url()), createSql(db.url())];
    await Promise.all(pools.map((p) => sendQueuedNotifications(p)));
    await settleAfterAnswer();
    expect(mailsTo(grace.email)).toHaveLength(3);
    await Promise.all(pools.slice(1).map((p) => p.end()));
    // SMTP away: the mail waits, with the reason, and goes at the next run.
    await recordAudit(db.sql(), event(grace.id, "two-factor.disabled"));
    await settleAfterAnswer();
    setConfigForTests({
      ...TEST_CONFIG,
      databaseUrl: db.url(),
      baseUrl: new URL("https://porch.example.test"),
      smtp: { url: "smtp://127.0.0.1:9", from: "p@example.test" },
    });
    await sendQueuedNotifications(db.sql());
    const [waiting] =
      await db.sql()`select attempts, last_error, sent_at from notification_outbox where user_id = ${grace.id} and kind = 'two-factor-changed' and facts->>'on' = 'false'`;
    if (waiting.sentAt === null) {
      expect(waiting.attempts).toBe(1);
      expect(waiting.lastError).toMatch(/ECONNREFUSED|connect/);
    }
    mailOn();
    await sendQueuedNotifications(db.sql());
    expect(mailsTo(grace.email).filter((m) => m.subject.includes("turned off"))).toHaveLength(1);
  });
});
