import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "~/auth/tokens.server";
import { loadWidgets } from "~/integrations/widgets.server";
import { addItem, createBoard, setItemAudience } from "~/models/boards.server";
import { grantUser, revokeUser } from "~/models/board-rows.server";
import {
  createDisplayLink,
  DISPLAY_LOADS_PER_MINUTE,
  noteDisplayUse,
  openDisplay,
  revokeDisplayLink,
  sweepDisplayLinks,
} from "~/models/display-links.server";
import { grantIntegrationUser } from "~/models/integration-rows.server";
import { createIntegration } from "~/models/integrations.server";
import { setUserStatus } from "~/models/manage-users.server";
import { useTestDatabase } from "../fixtures/database";
import { startRemoteService } from "../fixtures/remote-service";
import { makeUser } from "../fixtures/users";

// Issue #22: a display link shows one board read-only without signing in: only the items everyone
// who sees the board sees, widgets only as its creator may use them, all of it re-checked each time.

const db = useTestDatabase();
const system = { userId: null, ip: null, userAgent: null };
const everything = { userId: null, admin: true };
const client = { ip: "192.0.2.7", userAgent: "TV" };
const signal = () => new AbortController().signal;
let remote: Awaited<ReturnType<typeof startRemoteService>>;
beforeAll(async () => {
  remote = await startRemoteService();
});
afterAll(() => remote.close());

async function kitchen(options: { widgets?: boolean; expiresAt?: Date | null } = {}) {
  const sql = db.sql();
  const owner = await makeUser(sql);
  const kid = await makeUser(sql);
  const board = await createBoard(
    sql,
    { ...system, userId: owner.id },
    { name: `kitchen-${Date.now()}`, title: "Kitchen", isPublic: false },
  );
  await addItem(sql, system, board, { kind: "note", body: "Shopping list" });
  const secret = await addItem(sql, system, board, { kind: "note", body: "Only for the kid" });
  await setItemAudience(sql, system, board, secret, { userIds: [kid.id], groupIds: [] });
  const as = { ...system, userId: owner.id };
  const link = await createDisplayLink(sql, as, board, {
    name: "Kitchen tablet",
    expiresAt: options.expiresAt ?? null,
    widgetsAsCreator: options.widgets ?? false,
    refreshSeconds: 300,
  });
  return { sql, owner, kid, board, link, as };
}

/** A JSON widget on `board` reading the test service's query count; returns its integration. */
async function queriesWidget(sql: ReturnType<typeof db.sql>, board: string, name: string) {
  const integration = await createIntegration(sql, system, "json-api", {
    name: `${name}-${Date.now()}`,
    url: `${remote.url}/json`,
    secrets: { apiKey: "k3y" },
  });
  await addItem(sql, system, board, {
    kind: "integration",
    integrationId: integration,
    title: "Queries",
    options: { field: "stats.queries" },
  });
  return integration;
}

describe("display links", () => {
  it("show the items everyone who sees the board sees, keep only the token's hash, and audit their creation", async () => {
    const { sql, board, link } = await kitchen();
    const opened = await openDisplay(sql, link.token);
    expect(opened?.board).toMatchObject({ id: board, title: "Kitchen" });
    expect(opened?.items.map((i) => i.body)).toEqual(["Shopping list"]);
    expect(opened?.items[0]).not.toHaveProperty("visibleTo");
    const [row] = await sql`select token_hash from display_links where id = ${link.id}`;
    expect(Buffer.from(row.tokenHash).equals(Buffer.from(hashToken(link.token)))).toBe(true);
    expect(JSON.stringify(await sql`select * from display_links`)).not.toContain(link.token);
    const [audit] = await sql`select details from audit_log where action = 'display-link.created' and target_id = ${board}`;
    expect(audit.details).toMatchObject({ name: "Kitchen tablet", widgetsAsCreator: false });
    expect(JSON.stringify(audit.details)).not.toContain(link.token);
  });

  it("work no more once revoked or expired, once the creator is deactivated or loses full access, or for a made-up token", async () => {
    const { sql, owner, board, link, as } = await kitchen();
    expect(await openDisplay(sql, "a".repeat(32))).toBeNull();
    expect(await openDisplay(sql, `${link.token}x`)).toBeNull();
    const expiring = await kitchen({ expiresAt: new Date(Date.now() + 60_000) });
    expect(await openDisplay(sql, expiring.link.token)).not.toBeNull();
    expect(await openDisplay(sql, expiring.link.token, new Date(Date.now() + 61_000))).toBeNull();

    // Deactivating the maker deletes their links (attack33, attack34): active again, they find none working.
    await setUserStatus(sql, system, owner.id, "inactive");
    expect(await openDisplay(sql, link.token)).toBeNull();
    await setUserStatus(sql, system, owner.id, "active");
    expect(await openDisplay(sql, link.token)).toBeNull();
    const [ended] = await sql`select details from audit_log where action = 'display-link.ended' and target_id = ${board}`;
    expect(ended.details).toMatchObject({ name: "Kitchen tablet", reason: "maker inactive" });
    const again = await createDisplayLink(sql, as, board, { name: "Again", expiresAt: null, widgetsAsCreator: false, refreshSeconds: 60 });

    // A second owner's link stops when their full row goes, though the board's creator's stays.
    const other = await makeUser(sql);
    await grantUser(sql, system, board, other.username, "full", everything);
    const theirs = await createDisplayLink(sql, { ...system, userId: other.id }, board, {
      name: "Hall TV",
      expiresAt: null,
      widgetsAsCreator: false,
      refreshSeconds: 60,
    });
    expect(await openDisplay(sql, theirs.token)).not.toBeNull();
    await grantUser(sql, system, board, other.username, "modify", everything);
    expect(await openDisplay(sql, theirs.token)).toBeNull();
    await grantUser(sql, system, board, other.username, "full", everything);
    expect(await openDisplay(sql, theirs.token)).toBeNull();
    await revokeUser(sql, system, board, other.id);

    // One made with an API key ends with the key.
    const { createApiKey, revokeApiKey } = await import("~/models/api-keys.server");
    const key = await createApiKey(sql, system, {
      userId: owner.id,
      description: "tv",
      permissions: [],
      actAsOwner: true,
      expiresAt: null,
    });
    const keyed = await createDisplayLink(sql, as, board, {
      apiKeyId: key.id,
      name: "Keyed",
      expiresAt: null,
      widgetsAsCreator: false,
      refreshSeconds: 60,
    });
    expect(await openDisplay(sql, keyed.token)).not.toBeNull();
    await revokeApiKey(sql, system, key.id);
    expect(await openDisplay(sql, keyed.token)).toBeNull();

    expect(await openDisplay(sql, again.token)).not.toBeNull();
    expect(await revokeDisplayLink(sql, as, board, again.id)).toBe(true);
    expect(await openDisplay(sql, again.token)).toBeNull();
    expect(await revokeDisplayLink(sql, as, board, again.id)).toBe(false);
  });

  it("show widget data only as a creator who still may use the integration, checked on every request", async () => {
    const { sql, owner, board, link } = await kitchen({ widgets: true });
    const integration = await queriesWidget(sql, board, "Pi");
    const widget = async () => {
      const opened = await openDisplay(sql, link.token);
      return (await loadWidgets(sql, opened!.creator, opened!.items, signal())).find((i) => i.kind === "integration")?.widget;
    };
    expect(await widget()).toEqual({ state: "denied" });
    await grantIntegrationUser(sql, system, integration, owner.username, "use", everything);
    expect(await widget()).toMatchObject({ state: "ok" });
    await sql`delete from integration_user_permissions where integration_id = ${integration}`;
    expect(await widget()).toEqual({ state: "denied" });
  });

  it("note each use (time, address), audit it at most once an hour, and refuse a 13th load in a minute (attack33)", async () => {
    const { sql, board, link } = await kitchen();
    const opened = (await openDisplay(sql, link.token))!;
    const t0 = new Date();
    expect(await noteDisplayUse(sql, opened, client, t0)).toBe(true);
    await noteDisplayUse(sql, opened, { ...client, ip: "192.0.2.8" }, new Date(t0.getTime() + 30_000));
    expect((await sql`select last_used_ip from display_links where id = ${link.id}`)[0].lastUsedIp).toBe("192.0.2.8");
    const uses = await sql`select ip from audit_log where action = 'display-link.used' and target_id = ${board}`;
    expect(uses.map((u) => u.ip)).toEqual(["192.0.2.7"]);
    const t1 = new Date(t0.getTime() + 3_601_000);
    const answers = [];
    for (let n = 0; n < DISPLAY_LOADS_PER_MINUTE + 1; n++)
      answers.push(await noteDisplayUse(sql, opened, client, new Date(t1.getTime() + n * 1000)));
    expect(answers.filter((ok) => ok)).toHaveLength(DISPLAY_LOADS_PER_MINUTE);
    expect(answers.at(-1)).toBe(false);
    expect(await noteDisplayUse(sql, opened, client, new Date(t1.getTime() + 61_000))).toBe(true);
    expect((await sql`select count(*)::int as n from audit_log where action = 'display-link.used' and target_id = ${board}`)[0].n).toBe(2);
  });
});

describe("display links after attack34", () => {
  it("an editor without `use` can't change who sees a widget (a display shows its data as its maker)", async () => {
    const { action } = await import("~/routes/boards.$name._index");
    const { formPost, messagesOf, run, signedInContext, statusOf } = await import("../fixtures/routes");
    const { sql, owner, board } = await kitchen({ widgets: true });
    const [{ name }] = await sql`select name from boards where id = ${board}`;
    const integration = await createIntegration(sql, system, "json-api", {
      name: `Nas-${Date.now()}`,
      url: `${remote.url}/json`,
      secrets: { apiKey: "k3y" },
    });
    await grantIntegrationUser(sql, system, integration, owner.username, "use", everything);
    const widget = await addItem(sql, system, board, {
      kind: "integration",
      integrationId: integration,
      title: "NAS",
      options: { field: "stats.queries" },
    });
    await setItemAudience(sql, system, board, widget, { userIds: [owner.id], groupIds: [] });
    const editor = await makeUser(sql);
    await grantUser(sql, system, board, editor.username, "modify", everything);
    const context = await signedInContext(sql, editor.id);
    const fields = { intent: "set-visibility", itemId: widget, audience: "everyone" };
    const answer = await run(() => action({ request: formPost(`/boards/${name}`, fields), context, params: { name } } as never));
    expect(statusOf(answer)).toBe(400);
    expect(messagesOf(answer)).toContain("Only someone who may use this widget's integration can change who sees it.");
    expect((await sql`select limited from board_items where id = ${widget}`)[0].limited).toBe(true);
  });

  it("a maker held back by a group's two-factor rule shows no widget data; deactivating the maker ends their links at once", async () => {
    const { sql, owner, board, link } = await kitchen({ widgets: true });
    expect((await openDisplay(sql, link.token))?.link.widgetsAsCreator).toBe(true);
    const [group] = await sql`insert into groups (name, require_2fa) values (${`strict-${Date.now()}`}, true) returning id`;
    await sql`insert into group_members (group_id, user_id) values (${group.id}, ${owner.id})`;
    expect((await openDisplay(sql, link.token))?.link.widgetsAsCreator).toBe(false);
    await sql`delete from group_members where group_id = ${group.id}`;
    // Deactivated and active again without the link being opened in between: it is gone.
    await setUserStatus(sql, system, owner.id, "inactive");
    await setUserStatus(sql, system, owner.id, "active");
    expect(await openDisplay(sql, link.token)).toBeNull();
    const [ended] = await sql`select actor_type, details from audit_log where action = 'display-link.ended' and target_id = ${board}`;
    expect(ended).toMatchObject({ actorType: "system", details: { name: "Kitchen tablet", reason: "maker inactive" } });
  });

  it("the minute's sweep deletes a link whose maker lost full access, so getting it back unseen revives nothing (attack34)", async () => {
    const { sql, board, link } = await kitchen();
    const other = await makeUser(sql);
    await grantUser(sql, system, board, other.username, "full", everything);
    const theirs = await createDisplayLink(sql, { ...system, userId: other.id }, board, {
      name: "Hall TV",
      expiresAt: null,
      widgetsAsCreator: false,
      refreshSeconds: 60,
    });
    await grantUser(sql, system, board, other.username, "view", everything);
    expect(await sweepDisplayLinks(sql)).toBeGreaterThanOrEqual(1);
    await grantUser(sql, system, board, other.username, "full", everything);
    expect(await openDisplay(sql, theirs.token)).toBeNull();
    expect(await openDisplay(sql, link.token)).not.toBeNull();
    const [ended] = await sql`select details from audit_log where action = 'display-link.ended' and target_id = ${board}`;
    expect(ended.details).toMatchObject({ name: "Hall TV", reason: "maker lost full access" });
    expect(await sweepDisplayLinks(sql)).toBe(0);
  });

  it("a link made with a key has no more than the key: its grants within the owner's, and never a service's own words (attack35)", async () => {
    const { sql, owner, board } = await kitchen();
    await sql`insert into user_permissions (user_id, permission) values (${owner.id}, 'integration-use-all')`;
    await queriesWidget(sql, board, "Key");
    const down = await createIntegration(sql, system, "http-status", {
      name: `Down-${Date.now()}`,
      url: "http://127.0.0.1:9/private?token=QUERYSECRET",
      secrets: {},
    });
    await addItem(sql, system, board, { kind: "integration", integrationId: down, title: "NAS", options: {} });
    const { createApiKey } = await import("~/models/api-keys.server");
    const { forDisplay } = await import("~/integrations/display-widgets.server");
    const widgets = async (permissions: string[]) => {
      const key = await createApiKey(sql, system, {
        userId: owner.id,
        description: "kiosk",
        permissions: permissions as never,
        actAsOwner: true,
        expiresAt: null,
      });
      const { token } = await createDisplayLink(sql, { ...system, userId: owner.id }, board, {
        apiKeyId: key.id,
        name: "kiosk",
        expiresAt: null,
        widgetsAsCreator: true,
        refreshSeconds: 60,
      });
      const opened = (await openDisplay(sql, token))!;
      return forDisplay(await loadWidgets(sql, opened.creator, opened.items, signal()), { fetched: true }).filter(
        (i) => i.kind === "integration",
      );
    };
    // Granted no integration-use-all: the owner's wider access isn't lent.
    expect((await widgets([])).map((i) => i.widget?.state)).toEqual(["denied", "denied"]);
    const shown = await widgets(["integration-use-all"]);
    expect(shown[0].widget).toMatchObject({ state: "ok", data: { value: "42" } });
    expect(shown[1].widget).toMatchObject({ state: "ok", data: { type: "status", up: false, message: "Can't reach it right now" } });
    expect(JSON.stringify(shown)).not.toContain("QUERYSECRET");
    expect(JSON.stringify(shown)).not.toContain("127.0.0.1");
    // A link without widget data says so in Porch's words, not as if the service were down (attack36).
    const { withoutWidgetData } = await import("~/integrations/widgets.server");
    const plain = await createDisplayLink(sql, { ...system, userId: owner.id }, board, {
      name: "no widgets",
      expiresAt: null,
      widgetsAsCreator: false,
      refreshSeconds: 60,
    });
    const opened = (await openDisplay(sql, plain.token))!;
    const held = forDisplay(withoutWidgetData(opened.items, "Widget data isn't shown on this display."), { fetched: false });
    expect(held.filter((i) => i.kind === "integration").map((i) => i.widget)).toEqual([
      expect.objectContaining({ state: "error", message: "Widget data isn't shown on this display." }),
      expect.objectContaining({ state: "error", message: "Widget data isn't shown on this display." }),
    ]);
  });
});
