import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { setConfigForTests } from "~/config.server";
import { countStatements, createSql, statementCount } from "~/db.server";
import { recordAudit, type AuditActor, type AuditEvent } from "~/models/audit.server";
import { addMember, createGroup, removeMember, setGroupPermissions } from "~/models/groups.server";
import { setUserGroups, setUserPermissions, setUserStatus } from "~/models/manage-users.server";
import { createServiceAccount } from "~/models/service-accounts.server";
import { mayChangeAdmins, webhookTypeOf } from "~/models/webhook-events";
import { rotateEncryptionKey } from "~/models/key-rotation.server";
import {
  deliverDueWebhooks,
  sendTestMessage,
  setWebhookKickDelayForTests,
  setWebhookRetryDelaysForTests,
} from "~/models/webhook-delivery.server";
import { createWebhook, replaceWebhookSecret, retryDelivery, updateWebhook, WebhookUrlError } from "~/models/webhooks.server";
import { settleAfterAnswer } from "~/server/after-answer.server";
import { parseHostPolicy, type HostPolicy } from "~/server/outbound-hosts";
import { startWebhookReceiver } from "../../scripts/lib/test-webhook-receiver.mjs";
import { TEST_CONFIG, useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

// Admin webhooks (issue #23 part 3, ADR 043) against a real HTTP receiver that checks signatures with the
// Standard Webhooks reference library: what is queued, once, signed, retried, given up, and where Porch
// refuses to send.

countStatements();
const db = useTestDatabase();
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
const system: AuditActor = { userId: null, ip: null, userAgent: null };
const policy = (text: string) => (parseHostPolicy(text) as { value: HostPolicy }).value;
const allow = (text: string) => setConfigForTests({ ...TEST_CONFIG, databaseUrl: db.url(), webhookHosts: policy(text) });

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  // The account the lockouts below are about: a lockout is news only for an account that exists.
  await makeUser(db.sql(), { username: "ola" });
  // Each test sends the queue itself, but the one about the kick.
  setWebhookKickDelayForTests(null);
});
afterAll(() => receiver.close());
beforeEach(async () => {
  allow("loopback");
  receiver.messages.length = 0;
  // Each test starts with no webhook: the queue and its log go with them.
  await db.sql()`delete from webhooks`;
});
afterEach(async () => {
  setWebhookRetryDelaysForTests(null);
  receiver.setBody(null);
  receiver.setTrickle(0);
  await settleAfterAnswer();
});

async function hook(events: string[], url = `${receiver.url}/porch`) {
  const made = await createWebhook(db.sql(), system, { name: `hook ${events.join(" ")}`, url, events: events as never });
  receiver.setSecret(made.secret);
  return made;
}

const lockout = (): AuditEvent => ({
  action: "auth.lockout",
  targetType: "account",
  targetId: "ola",
  ip: "203.0.113.9",
  details: { username: "ola" },
});
const deliveries = () => db.sql()<
  Array<{ id: string; state: string; attempts: number; lastStatus: number | null; lastError: string | null; eventType: string }>
>`
  select id, state, attempts, last_status, last_error, event_type from webhook_deliveries order by created_at, id`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("webhook messages", () => {
  it("are sent for the events chosen, signed so the reference library verifies them, with the event's facts", async () => {
    const { id } = await hook(["account.locked", "api-key.created"]);
    await recordAudit(db.sql(), lockout());
    await recordAudit(db.sql(), { action: "board.created", details: {} });
    expect(await deliverDueWebhooks(db.sql())).toBe(1);
    expect(receiver.messages).toHaveLength(1);
    const [m] = receiver.messages;
    expect(m.error).toBeNull();
    expect(m.verified).toBe(true);
    expect(m.path).toBe("/porch");
    expect(m.headers["content-type"]).toBe("application/json");
    expect(m.json).toMatchObject({
      type: "account.locked",
      data: {
        action: "auth.lockout",
        target: { type: "account", id: "ola", name: "ola" },
        ip: "203.0.113.9",
        details: { username: "ola" },
      },
    });
    const [row] = await deliveries();
    // The webhook-id is the message's: the same on every retry, for the receiver to drop repeats.
    expect(m.headers["webhook-id"]).toBe(row.id);
    expect(row).toMatchObject({ state: "delivered", attempts: 1, lastStatus: 200, eventType: "account.locked" });
    expect(await deliverDueWebhooks(db.sql())).toBe(0);
    expect(id).toBeTruthy();
  });

  it("are sent moments after the change that queued them, without waiting for the job", async () => {
    await hook(["api-key.created"]);
    setWebhookKickDelayForTests(0);
    try {
      await recordAudit(db.sql(), { action: "api-key.created", actorType: "system", details: { owner: null } });
      await settleAfterAnswer();
    } finally {
      setWebhookKickDelayForTests(null);
    }
    expect(receiver.messages.map((m) => m.json?.type)).toEqual(["api-key.created"]);
  });

  it("are queued with the audit row: nothing for a change that rolled back, an event not chosen, or a webhook turned off", async () => {
    const { id } = await hook(["account.locked"]);
    await expect(
      db.sql().begin(async (tx) => {
        await recordAudit(tx, lockout());
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    await recordAudit(db.sql(), { action: "api-key.created", details: {} });
    await updateWebhook(db.sql(), system, id, { name: "off", url: `${receiver.url}/porch`, events: ["account.locked"], enabled: false });
    await recordAudit(db.sql(), lockout());
    expect(await deliveries()).toEqual([]);
  });

  it("say nothing of a lockout of a name nobody has: anyone can type one six times, with any text (attack44)", async () => {
    await hook(["account.locked"]);
    await recordAudit(db.sql(), { ...lockout(), targetId: "**urgent** [reset here](https://evil.example/x)" });
    expect(await deliveries()).toEqual([]);
  });

  it('are not sent for a save that changes nothing (attack44: "reactivated" for someone active)', async () => {
    await hook(["account.changed", "permissions.changed"]);
    const bob = await makeUser(db.sql(), { permissions: ["board-create"] });
    const [crew] = await db.sql()<{ id: string }[]>`insert into groups (name) values (${`crew_${Date.now()}`}) returning id`;
    await setUserStatus(db.sql(), system, bob.id, "active");
    await setUserPermissions(db.sql(), system, bob.id, ["board-create"]);
    await setUserGroups(db.sql(), system, bob.id, []);
    await setGroupPermissions(db.sql(), system, crew.id, []);
    expect(await deliveries()).toEqual([]);
    expect(await db.sql()`select 1 from audit_log where target_id in (${bob.id}, ${crew.id})`).toHaveLength(0);
    await setUserStatus(db.sql(), system, bob.id, "inactive");
    expect((await deliveries()).map((d) => d.eventType)).toEqual(["account.changed"]);
  });

  it("count a receiver that answered at once as answered, however slowly its body follows (attack44)", async () => {
    const { id } = await hook(["account.locked"]);
    receiver.setTrickle(3_000);
    const started = Date.now();
    expect(await sendTestMessage(db.sql(), id, null)).toMatchObject({ delivered: true, status: 200 });
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it("keep a receiver's control and direction characters out of the log (attack44)", async () => {
    const { id } = await hook(["account.locked"]);
    receiver.failNext(500);
    receiver.setBody("all good\u202e\u0000 really");
    const outcome = await sendTestMessage(db.sql(), id, null);
    expect(outcome?.error).toBe("Answered 500: all good   really");
  });

  it("give up what waits when a webhook is turned off, and send nothing again until it is on", async () => {
    const { id } = await hook(["account.locked"]);
    await recordAudit(db.sql(), lockout());
    await updateWebhook(db.sql(), system, id, { name: "off", url: `${receiver.url}/porch`, events: ["account.locked"], enabled: false });
    const [row] = await deliveries();
    expect(row).toMatchObject({ state: "failed", lastError: "Not sent: the webhook was turned off" });
    expect(await retryDelivery(db.sql(), id, row.id)).toBe("off");
    expect(await deliverDueWebhooks(db.sql())).toBe(0);
    expect(receiver.messages).toHaveLength(0);
  });

  it("cost an audited change no extra statement: the audit row and the messages are one", async () => {
    await hook(["account.locked"]);
    const count = await db.sql().begin(async (tx) => {
      const before = statementCount();
      await recordAudit(tx, lockout());
      return statementCount() - before;
    });
    // The savepoint and the one statement writing the row and queueing the message.
    expect(count).toBe(2);
    expect(await deliveries()).toHaveLength(1);
    // An account or group change asks, in that same statement, whether anyone wants admin events: with
    // nobody, nothing more; outside a transaction, no transaction is opened for it either.
    const [{ id: group }] = await db.sql()<{ id: string }[]>`select id from groups where name = 'everyone'`;
    const change: AuditEvent = { action: "group.member-added", targetType: "group", targetId: group, details: {} };
    const inTx = await db.sql().begin(async (tx) => {
      const before = statementCount();
      await recordAudit(tx, change);
      return statementCount() - before;
    });
    expect(inTx).toBe(2);
    const before = statementCount();
    await recordAudit(db.sql(), change);
    expect(statementCount() - before).toBe(1);
  });

  it("are retried with backoff when the receiver fails, and given up after the last try; an administrator can send one again", async () => {
    setWebhookRetryDelaysForTests([1, 1]);
    await hook(["account.locked"]);
    receiver.failNext(503, 500, 502);
    await recordAudit(db.sql(), lockout());
    await deliverDueWebhooks(db.sql());
    expect(await deliveries()).toMatchObject([{ state: "pending", attempts: 1, lastStatus: 503 }]);
    expect((await deliveries())[0].lastError).toContain("Answered 503: failing on purpose");
    await sleep(5);
    await deliverDueWebhooks(db.sql());
    await sleep(5);
    await deliverDueWebhooks(db.sql());
    const [given] = await deliveries();
    expect(given).toMatchObject({ state: "failed", attempts: 3, lastStatus: 502 });
    expect(new Set(receiver.messages.map((m) => m.headers["webhook-id"]))).toEqual(new Set([given.id]));
    expect(receiver.messages.every((m) => m.verified)).toBe(true);
    // Given up: not sent again by itself.
    await sleep(5);
    expect(await deliverDueWebhooks(db.sql())).toBe(0);
    const [{ webhookId }] = await db.sql()<{ webhookId: string }[]>`select webhook_id from webhook_deliveries`;
    expect(await retryDelivery(db.sql(), webhookId, given.id)).toBe("queued");
    expect(await deliverDueWebhooks(db.sql())).toBe(1);
    expect(await deliveries()).toMatchObject([{ state: "delivered", attempts: 1, lastStatus: 200 }]);
    expect(receiver.messages).toHaveLength(4);
  });

  it("are sent once each when two instances send the same queue at the same moment", async () => {
    await hook(["account.locked"]);
    for (let i = 0; i < 30; i++) await recordAudit(db.sql(), lockout());
    receiver.setDelay(30);
    const [a, b] = [createSql(db.url()), createSql(db.url())];
    try {
      const sent = await Promise.all([deliverDueWebhooks(a), deliverDueWebhooks(b)]);
      expect(sent[0] + sent[1]).toBe(30);
    } finally {
      receiver.setDelay(0);
      await Promise.all([a.end(), b.end()]);
    }
    const ids = receiver.messages.map((m) => m.headers["webhook-id"]);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
  });

  it("wait in PostgreSQL: what one process queued, another sends (a restart loses nothing)", async () => {
    await hook(["account.locked"]);
    await recordAudit(db.sql(), lockout());
    const other = createSql(db.url());
    try {
      expect(await deliverDueWebhooks(other)).toBe(1);
    } finally {
      await other.end();
    }
    expect(receiver.messages).toHaveLength(1);
  });

  it("are signed with the new secret only, once it is replaced", async () => {
    const { id, secret } = await hook(["account.locked"]);
    const fresh = await replaceWebhookSecret(db.sql(), system, id);
    expect(fresh).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(fresh).not.toBe(secret);
    await recordAudit(db.sql(), lockout());
    await deliverDueWebhooks(db.sql());
    expect(receiver.messages[0].verified).toBe(false);
    receiver.setSecret(fresh!);
    await sendTestMessage(db.sql(), id, null);
    expect(receiver.messages[1]).toMatchObject({ verified: true, json: { type: "porch.test" } });
  });

  it("keep their secrets sealed, and move them to a new encryption key with the others", async () => {
    await hook(["account.locked"]);
    const [{ sealed }] = await db.sql()<{ sealed: Uint8Array }[]>`select secret_encrypted as sealed from webhooks`;
    expect(Buffer.from(sealed).toString("latin1")).not.toContain("whsec_");
    const counts = await rotateEncryptionKey(db.sql(), TEST_CONFIG.secretEncryptionKey!, "f".repeat(64));
    expect(counts.webhooks).toBe(1);
    await rotateEncryptionKey(db.sql(), "f".repeat(64), TEST_CONFIG.secretEncryptionKey!);
  });
});

describe("admin.granted and admin.revoked", () => {
  it("are sent when someone becomes or stops being an administrator, by whichever path; those already admins are not news", async () => {
    const old = await makeUser(db.sql(), { permissions: ["admin"] });
    await hook(["admin.granted", "admin.revoked"]);
    const ola = await makeUser(db.sql());
    const crew = await createGroup(db.sql(), system, { name: `crew_${Date.now()}` });
    await addMember(db.sql(), system, crew, ola.username);
    expect(await deliveries()).toEqual([]);
    // The group gains admin: its member becomes an administrator.
    await setGroupPermissions(db.sql(), system, crew, ["admin"]);
    await removeMember(db.sql(), system, crew, ola.id);
    await deliverDueWebhooks(db.sql());
    const seen = receiver.messages.map((m) => [m.json?.type, m.json?.data.user.username]);
    expect(seen).toEqual([
      ["admin.granted", ola.username],
      ["admin.revoked", ola.username],
    ]);
    expect(seen.flat()).not.toContain(old.username);
    // With what made it so (newcomer45: who made someone an administrator?).
    expect(receiver.messages[0].json?.data).toMatchObject({ action: "group.permissions-changed", actor: { type: "system" } });
  });

  it("are sent for a service account made in a group of administrators, and for any account or group action (attack44)", async () => {
    await hook(["admin.granted"]);
    const [admins] = await db.sql()<{ id: string }[]>`
      insert into groups (name) values (${`root_${Date.now()}`}) returning id`;
    await db.sql()`insert into group_permissions (group_id, permission) values (${admins.id}, 'admin')`;
    await createServiceAccount(db.sql(), system, { name: `robot_${Date.now()}`, groupIds: [admins.id] });
    await deliverDueWebhooks(db.sql());
    expect(receiver.messages.map((m) => m.json?.type)).toEqual(["admin.granted"]);
    expect(receiver.messages[0].json?.data.user.username).toMatch(/^robot_/);
    // No list to forget: every account and group action is looked at, but those that can't change it.
    for (const action of ["service-account.created", "user.admin-recreated-by-cli", "user.some-future-action", "group.member-added"])
      expect(mayChangeAdmins(action), action).toBe(true);
    for (const action of ["user.profile-updated", "board.created", "auth.sign-in"]) expect(mayChangeAdmins(action), action).toBe(false);
    expect(webhookTypeOf("user.admin-recreated-by-cli")).toBe("account.changed");
  });
});

describe("where messages may go (WEBHOOK_ALLOWED_HOSTS)", () => {
  it("refuses, when saved, addresses on this machine or its networks unless allowed, however they are written", async () => {
    allow("external");
    const port = new URL(receiver.url).port;
    for (const url of [
      `http://127.0.0.1:${port}/`,
      `http://localhost:${port}/`,
      `http://[::1]:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      `http://0.0.0.0:${port}/`,
      `http://2130706433:${port}/`,
      `http://[::127.0.0.1]:${port}/`,
      `http://[::ffff:0:7f00:1]:${port}/`,
      "http://[::a9fe:a9fe]/",
      "http://[fec0::1]/",
      `http://0x7f.1:${port}/`,
      "http://169.254.169.254/latest/meta-data/",
      "http://10.1.2.3/",
      "http://192.168.1.10/",
      "http://[fd00::1]/",
    ]) {
      await expect(hook(["account.locked"], url), url).rejects.toBeInstanceOf(WebhookUrlError);
    }
    // Loopback and private allowed: link-local (cloud metadata) still not.
    allow("loopback,private");
    await expect(hook(["account.locked"], "http://169.254.169.254/")).rejects.toThrow("link-local");
    await expect(hook(["account.locked"], `http://user:pw@127.0.0.1:${port}/`)).rejects.toThrow("user name or password");
    await expect(hook(["account.locked"], "ftp://127.0.0.1/")).rejects.toThrow("http:// or https://");
    expect(await db.sql()`select 1 from webhooks`).toHaveLength(0);
  });

  it("checks again when sending: a webhook saved when allowed sends nothing once the address no longer is", async () => {
    await hook(["account.locked"]);
    allow("external");
    await recordAudit(db.sql(), lockout());
    await deliverDueWebhooks(db.sql());
    expect(receiver.messages).toHaveLength(0);
    const [row] = await deliveries();
    expect(row.state).toBe("pending");
    expect(row.lastError).toContain("127.0.0.1 is a loopback address and WEBHOOK_ALLOWED_HOSTS is external");
  });

  it("lets a host the administrator names through, whatever it resolves to", async () => {
    allow("localhost");
    const port = new URL(receiver.url).port;
    const { id } = await hook(["account.locked"], `http://localhost:${port}/named`);
    const outcome = await sendTestMessage(db.sql(), id, null);
    expect(outcome).toMatchObject({ delivered: true, status: 200 });
    expect(receiver.messages[0]).toMatchObject({ path: "/named", verified: true });
  });

  it("never follows a redirect (it could lead anywhere)", async () => {
    const { id } = await hook(["account.locked"]);
    receiver.failNext(307);
    const outcome = await sendTestMessage(db.sql(), id, null);
    expect(outcome).toMatchObject({ delivered: false, status: 307 });
    expect(outcome?.error).toContain("doesn't follow redirects");
    expect(receiver.messages).toHaveLength(1);
  });
});
