import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { WrongEncryptionKeyError } from "~/auth/encryption.server";
import { setConfigForTests } from "~/config.server";
import { testIntegration } from "~/integrations/check.server";
import { loadWidgets } from "~/integrations/widgets.server";
import { httpStatus } from "~/integrations/kinds/http-status.server";
import { jsonApi } from "~/integrations/kinds/json-api.server";
import { grantIntegrationGroup, grantIntegrationUser } from "~/models/integration-rows.server";
import { addItem, createBoard, listItems } from "~/models/boards.server";
import { createIntegration, deleteIntegration, loadSecrets, secretStatus, updateIntegration } from "~/models/integrations.server";
import { rotateEncryptionKey } from "~/models/key-rotation.server";
import { closePermissions, type PermissionKey } from "~/permissions/definitions";
import { integrationLevels, listVisibleIntegrations } from "~/permissions/integrations.server";
import type { Subject } from "~/permissions/resource-rules";
import { TEST_CONFIG, useTestDatabase } from "../fixtures/database";
import { startRemoteService } from "../fixtures/remote-service";
import { makeUser } from "../fixtures/users";

const db = useTestDatabase();
const system = { userId: null, ip: null, userAgent: null };
/** An administrator's view of the Access tab: these tests are about the rules, not the asker's scope. */
const everything = { userId: null, admin: true };
const as = (userId: string) => ({ userId, ip: null, userAgent: null });
const signal = () => new AbortController().signal;
const subject = (userId: string | null, keys: PermissionKey[] = []): Subject => ({
  signedIn: userId !== null,
  userId,
  permissions: closePermissions(keys),
  guestsAllowed: true,
});
/** An integration's id and URL as stored: what secrets are loaded for. */
const stored = async (id: string) => (await db.sql()<{ id: string; url: string }[]>`select id, url from integrations where id = ${id}`)[0];
let remote: Awaited<ReturnType<typeof startRemoteService>>;
beforeAll(async () => {
  remote = await startRemoteService();
});
afterAll(() => remote.close());

describe("integration secrets", () => {
  it("are AES-256-GCM ciphertext in the table, round-trip, and a wrong key fails loudly", async () => {
    const sql = db.sql();
    const id = await createIntegration(sql, system, "json-api", {
      name: "Pi-hole",
      url: `${remote.url}/json`,
      secrets: { apiKey: "k3y-very-secret" },
    });
    const [row] = await sql`select value_encrypted from integration_secrets where integration_id = ${id}`;
    expect(Buffer.from(row.valueEncrypted).toString("latin1")).not.toContain("k3y-very-secret");
    expect(row.valueEncrypted.length).toBe(12 + "k3y-very-secret".length + 16);
    expect((await loadSecrets(sql, [await stored(id)])).get(id)).toEqual({ apiKey: "k3y-very-secret" });
    expect(Object.keys(await secretStatus(sql, await stored(id)))).toEqual(["apiKey"]);
    const audit = await sql`select details::text from audit_log where target_id = ${id}`;
    expect(audit.map((a) => a.details).join()).not.toContain("k3y-very-secret");

    setConfigForTests({ ...TEST_CONFIG, databaseUrl: db.url(), secretEncryptionKey: "f".repeat(64) });
    try {
      await expect(loadSecrets(sql, [await stored(id)])).rejects.toBeInstanceOf(WrongEncryptionKeyError);
    } finally {
      setConfigForTests({ ...TEST_CONFIG, databaseUrl: db.url() });
    }
  });

  it("refuses to answer a 500 when the encryption key changed: Test connection and the widget say the secrets don't decrypt", async () => {
    const sql = db.sql();
    const owner = await makeUser(sql);
    const id = await createIntegration(sql, as(owner.id), "json-api", {
      name: "Keyed",
      url: `${remote.url}/json`,
      secrets: { apiKey: "k3y" },
    });
    const board = await createBoard(sql, as(owner.id), { name: `keyed-${Date.now()}`, title: "K", isPublic: false });
    await addItem(sql, system, board, { kind: "integration", integrationId: id, title: "Queries", options: { field: "stats.queries" } });
    await addItem(sql, system, board, { kind: "note", body: "still here" });
    setConfigForTests({ ...TEST_CONFIG, databaseUrl: db.url(), secretEncryptionKey: "f".repeat(64) });
    try {
      const result = await testIntegration(sql, jsonApi, await stored(id), signal());
      expect(result).toMatchObject({ ok: false, status: null });
      expect(result.message).toContain("SECRET_ENCRYPTION_KEY");
      const views = await loadWidgets(sql, subject(owner.id), await listItems(sql, board), signal());
      expect(views[0].widget).toMatchObject({ state: "error" });
      expect(JSON.stringify(views[0].widget)).toContain("SECRET_ENCRYPTION_KEY");
      expect(views[1]).toMatchObject({ kind: "note", body: "still here" });
    } finally {
      setConfigForTests({ ...TEST_CONFIG, databaseUrl: db.url() });
    }
  });

  it("replace and clear by field; the audit names fields, never values", async () => {
    const sql = db.sql();
    const id = await createIntegration(sql, system, "json-api", {
      name: "Basic",
      url: `${remote.url}/basic`,
      secrets: { username: "ann", password: "old" },
    });
    await updateIntegration(sql, system, id, { name: "Basic", url: `${remote.url}/basic`, secrets: { password: "pa55", username: null } });
    expect((await loadSecrets(sql, [await stored(id)])).get(id)).toEqual({ password: "pa55" });
    const [row] = await sql`select details from audit_log where target_id = ${id} and action = 'integration.secret-replaced'`;
    expect(row.details).toEqual({ fields: ["password", "username"] });
  });

  it("move to a new key with the rotation command, all at once", async () => {
    const sql = db.sql();
    const id = await createIntegration(sql, system, "http-status", {
      name: "Rotated",
      url: `${remote.url}/token`,
      secrets: { token: "t0ken" },
    });
    const next = "1".repeat(64);
    await expect(rotateEncryptionKey(sql, "2".repeat(64), next)).rejects.toBeInstanceOf(WrongEncryptionKeyError);
    expect((await loadSecrets(sql, [await stored(id)])).get(id)).toEqual({ token: "t0ken" }); // nothing moved
    const counts = await rotateEncryptionKey(sql, TEST_CONFIG.secretEncryptionKey!, next);
    expect(counts.integration_secrets).toBeGreaterThan(0);
    setConfigForTests({ ...TEST_CONFIG, databaseUrl: db.url(), secretEncryptionKey: next });
    try {
      expect((await loadSecrets(sql, [await stored(id)])).get(id)).toEqual({ token: "t0ken" });
      await rotateEncryptionKey(sql, next, TEST_CONFIG.secretEncryptionKey!);
    } finally {
      setConfigForTests({ ...TEST_CONFIG, databaseUrl: db.url() });
    }
  });
});

describe("integration secrets are bound to the URL they were entered for", () => {
  /** What "Test connection" does: the stored URL, the secrets loaded for it, one request. */
  const checkNow = async (id: string) => testIntegration(db.sql(), jsonApi, await stored(id), signal());
  const keysAt = (service: typeof remote) =>
    service.received.filter((r) => r.apiKey || r.authorization).map((r) => r.apiKey ?? r.authorization);

  it("refuses to carry stored secrets to another URL, even on the same host: changing it drops them unless typed again", async () => {
    const sql = db.sql();
    const evil = await startRemoteService();
    try {
      const id = await createIntegration(sql, system, "json-api", {
        name: "Bound",
        url: `${remote.url}/json`,
        secrets: { apiKey: "k3y", username: "ann", password: "pa55" },
      });
      // The same URL saved again: the secrets stay.
      await updateIntegration(sql, system, id, { name: "Bound again", url: `${remote.url}/json`, secrets: {} });
      expect(await checkNow(id)).toMatchObject({ ok: true });
      expect(Object.keys(await secretStatus(sql, await stored(id))).sort()).toEqual(["apiKey", "password", "username"]);

      // Same origin, another path or query: they go too, since that endpoint could echo them (attack11).
      await updateIntegration(sql, system, id, { name: "Bound", url: `${remote.url}/json?x=1`, secrets: {} });
      expect(await secretStatus(sql, await stored(id))).toEqual({});
      await updateIntegration(sql, system, id, {
        name: "Bound",
        url: `${remote.url}/json`,
        secrets: { apiKey: "k3y", username: "ann", password: "pa55" },
      });

      // Another origin without typing them again: they are gone, and nothing reaches the new host.
      await updateIntegration(sql, system, id, { name: "Bound", url: `${evil.url}/json`, secrets: {} });
      expect(await checkNow(id)).toMatchObject({ ok: false, message: "401: the service refused the credentials" });
      expect(keysAt(evil)).toEqual([]);
      expect(await secretStatus(sql, await stored(id))).toEqual({});
      expect((await loadSecrets(sql, [await stored(id)])).get(id) ?? {}).toEqual({});
      const [cleared] = await sql`select details from audit_log where target_id = ${id} and action = 'integration.secrets-cleared'`;
      expect(cleared?.details).toEqual({ fields: ["apiKey", "password", "username"], reason: "the URL changed" });

      // Moving back doesn't bring them back; typing one in the same change binds it to the new origin.
      await updateIntegration(sql, system, id, { name: "Bound", url: `${remote.url}/json`, secrets: {} });
      expect(await secretStatus(sql, await stored(id))).toEqual({});
      await updateIntegration(sql, system, id, { name: "Bound", url: `${evil.url}/json`, secrets: { apiKey: "typed-for-evil" } });
      await checkNow(id);
      expect(keysAt(evil)).toEqual(["typed-for-evil"]);
    } finally {
      await evil.close();
    }
  });

  it("refuses to send a secret to a URL changed behind the model's back (the URL is checked where secrets are read)", async () => {
    const sql = db.sql();
    const evil = await startRemoteService();
    try {
      const id = await createIntegration(sql, system, "json-api", { name: "Raw", url: `${remote.url}/json`, secrets: { apiKey: "k3y" } });
      await sql`update integrations set url = ${`${evil.url}/json`} where id = ${id}`;
      await checkNow(id);
      expect(keysAt(evil)).toEqual([]);
      expect(await secretStatus(sql, await stored(id))).toEqual({});
    } finally {
      await evil.close();
    }
  });
});

describe("integration kinds against a real HTTP service", () => {
  it("refuses to reflect a stored secret in a check's message: a value HTTP headers can't carry fails without showing it", async () => {
    const ctx = (path: string, secrets: Record<string, string>) => ({ url: `${remote.url}${path}`, secrets, signal: signal() });
    const results = [
      await httpStatus.test(ctx("/token", { token: "s3cr3t-token\nX-Injected: 1" })),
      await jsonApi.test(ctx("/json", { apiKey: "s3cr3t-key\r\n" })),
      await httpStatus.test(ctx("/token", { token: "s3cr3t-€" })),
    ];
    for (const result of results) {
      expect(result).toMatchObject({
        ok: false,
        status: null,
        message: "A secret contains a line break or another character HTTP headers can't carry: type it again",
      });
      expect(JSON.stringify(result)).not.toMatch(/s3cr3t|czNjcjN0/); // czNjcjN0: "s3cr3t" in base64
    }
    await expect(jsonApi.widget(ctx("/json", { apiKey: "s3cr3t-key\n" }), { field: "x" })).rejects.toThrow("type it again");
  });

  it("refuses to crash on a basic-auth password beyond Latin-1: it is sent as UTF-8 (RFC 7617)", async () => {
    const result = await jsonApi.test({ url: `${remote.url}/basic`, secrets: { username: "ann", password: "pa55é€" }, signal: signal() });
    expect(result).toMatchObject({ ok: false, message: "401: the service refused the credentials" });
    const seen = remote.received.filter((r) => r.path === "/basic").at(-1)!;
    expect(Buffer.from(seen.authorization!.replace("Basic ", ""), "base64").toString("utf8")).toBe("ann:pa55é€");
  });

  it("http-status: up, down, token, refused, timeout", async () => {
    const test = (url: string, secrets = {}) => httpStatus.test({ url, secrets, signal: signal() });
    expect(await test(`${remote.url}/up`)).toMatchObject({ ok: true, status: 200, message: "200 OK" });
    expect(await test(`${remote.url}/down`)).toMatchObject({ ok: false, status: 503 });
    expect(await test(`${remote.url}/token`)).toMatchObject({ ok: false, status: 401 });
    expect(await test(`${remote.url}/token`, { token: "t0ken" })).toMatchObject({ ok: true, status: 200 });
    const closed = await startRemoteService();
    await closed.close();
    expect(await test(closed.url)).toMatchObject({ ok: false, status: null, message: expect.stringContaining("Connection refused") });
    expect(await test("http://127.0.0.1:25/")).toMatchObject({ ok: false, message: expect.stringContaining("another protocol") });
    expect(await test(`${remote.url}/slow`)).toMatchObject({ ok: false, message: "No answer within 5 s" });
  }, 15_000);

  it("json-api: X-Api-Key, basic auth, the chosen field, and clear errors", async () => {
    const ctx = (path: string, secrets: Record<string, string> = {}) => ({ url: `${remote.url}${path}`, secrets, signal: signal() });
    expect(await jsonApi.test(ctx("/json", { apiKey: "k3y" }))).toMatchObject({ ok: true, message: "200: JSON with stats, items" });
    expect(await jsonApi.test(ctx("/json", { apiKey: "nope" }))).toMatchObject({
      ok: false,
      message: "401: the service refused the credentials",
    });
    expect(await jsonApi.test(ctx("/basic", { username: "ann", password: "pa55" }))).toMatchObject({ ok: true });
    expect(await jsonApi.test(ctx("/notjson"))).toMatchObject({ ok: false, message: "200, but the answer isn't JSON" });
    expect(await jsonApi.widget(ctx("/json", { apiKey: "k3y" }), { field: "stats.queries" })).toMatchObject({ type: "value", value: "42" });
    expect(await jsonApi.widget(ctx("/json", { apiKey: "k3y" }), { field: "items.0.name" })).toMatchObject({ value: "first" });
    await expect(jsonApi.widget(ctx("/json", { apiKey: "k3y" }), { field: "__proto__.x" })).rejects.toThrow('has no field "__proto__.x"');
  });

  it("refuses a 64 MB answer: json-api stops reading at 1 MB instead of checking afterwards", async () => {
    const started = performance.now();
    const result = await jsonApi.test({ url: `${remote.url}/huge`, secrets: {}, signal: signal() });
    expect(result).toMatchObject({ ok: false, message: "The answer is larger than 1 MB" });
    expect(performance.now() - started).toBeLessThan(3_000);
    await vi.waitFor(() => expect(remote.hits.get("/huge#closed")).toBe(1));
    expect(remote.sent.get("/huge")).toBeLessThan(16 * 2 ** 20);
  }, 15_000);
});

describe("integration access and widgets", () => {
  it("use < interact < full by rows, groups, creator and global keys; none without", async () => {
    const sql = db.sql();
    const creator = await makeUser(sql);
    const user = await makeUser(sql, { groups: [] });
    const id = await createIntegration(sql, as(creator.id), "http-status", { name: "Levels", url: `${remote.url}/up`, secrets: {} });
    const level = async (s: Subject) => (await integrationLevels(sql, s, [id])).get(id)?.level ?? null;
    expect(await level(subject(creator.id))).toBe("full");
    expect(await level(subject(user.id))).toBe(null);
    expect(await level(subject(null, ["admin"]))).toBe(null); // guests never
    expect(await level(subject(user.id, ["integration-use-all"]))).toBe("use");
    expect(await level(subject(user.id, ["integration-interact-all"]))).toBe("interact");
    expect(await level(subject(user.id, ["admin"]))).toBe("full");
    expect(await level(subject(user.id, ["board-full-all"]))).toBe(null);
    await grantIntegrationUser(sql, system, id, user.username, "interact", everything);
    expect(await level(subject(user.id))).toBe("interact");
    const [everyone] = await sql`select id from groups where name = 'everyone'`;
    await grantIntegrationGroup(sql, system, id, everyone.id, "full", everything);
    expect(await level(subject(user.id))).toBe("full");
    const listed = await listVisibleIntegrations(sql, subject(user.id), { limit: 100 });
    expect(listed.integrations.find((i) => i.id === id)?.rank).toBe(3);
  });

  it("widgets fetch only for viewers who may use the integration; a failing service breaks only its widget", async () => {
    const sql = db.sql();
    const owner = await makeUser(sql);
    const viewer = await makeUser(sql);
    const up = await createIntegration(sql, as(owner.id), "json-api", {
      name: "Stats",
      url: `${remote.url}/json`,
      secrets: { apiKey: "k3y" },
    });
    const down = await createIntegration(sql, as(owner.id), "http-status", { name: "Broken", url: `${remote.url}/down`, secrets: {} });
    const board = await createBoard(sql, as(owner.id), { name: "widgets", title: "W", isPublic: true });
    await addItem(sql, system, board, { kind: "integration", integrationId: up, title: "Queries", options: { field: "stats.queries" } });
    await addItem(sql, system, board, { kind: "integration", integrationId: down, title: null, options: {} });
    await addItem(sql, system, board, { kind: "note", body: "still here" });
    const items = await listItems(sql, board);

    const before = remote.hits.get("/json") ?? 0;
    for (const s of [subject(viewer.id), subject(null)]) {
      const views = await loadWidgets(sql, s, items, signal());
      expect(views.map((v) => v.widget?.state ?? v.kind)).toEqual(["denied", "denied", "note"]);
      expect(JSON.stringify(views)).not.toMatch(/Stats|Broken|127\.0\.0\.1|k3y|\b42\b/);
    }
    expect(remote.hits.get("/json") ?? 0).toBe(before); // nothing fetched for them

    const mine = await loadWidgets(sql, subject(owner.id), items, signal());
    expect(mine[0].widget).toMatchObject({ state: "ok", canInteract: true, data: { type: "value", value: "42" } });
    expect(mine[1].widget).toMatchObject({ state: "ok", data: { type: "status", up: false, status: 503 } });
    expect(mine[2]).toMatchObject({ kind: "note", body: "still here" });

    await grantIntegrationUser(sql, system, up, viewer.username, "use", everything);
    const theirs = await loadWidgets(sql, subject(viewer.id), items, signal());
    expect(theirs[0].widget).toMatchObject({ state: "ok", canInteract: false });
    expect(theirs[1].widget).toEqual({ state: "denied" });

    const removed = await deleteIntegration(sql, system, { id: up, name: "Stats" });
    expect(removed).toBe(1);
    expect((await listItems(sql, board)).map((i) => i.kind)).toEqual(["integration", "note"]);
  });
});
