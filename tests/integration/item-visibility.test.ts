import { describe, expect, it } from "vitest";
import { addItem, createBoard, patchBoard, setItemAudience } from "~/models/boards.server";
import { grantGroup, grantUser } from "~/models/board-rows.server";
import { itemsShownTo, loadItems } from "~/models/board-items.server";
import { addMember, createGroup, deleteGroup } from "~/models/groups.server";
import { audienceGroupChoices, resolveAudiences, UnknownAudienceError } from "~/models/item-audience.server";
import { setUserStatus } from "~/models/manage-users.server";
import { createProtectedApp } from "~/models/protected-apps.server";
import { shownItems, viewBoardAs } from "~/models/view-as.server";
import { appAddress } from "~/permissions/app-address";
import { closePermissions, type PermissionKey } from "~/permissions/definitions";
import { decideAppAccess } from "~/permissions/protected-apps.server";
import type { Subject } from "~/permissions/resource-rules";
import { useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

// Issue #22: each item of a board can be limited to some people and groups. Whoever isn't in its
// audience gets nothing of it (the board page, the API, forward auth), except the board's editors.

const db = useTestDatabase();
const system = { userId: null, ip: null, userAgent: null };
const everything = { userId: null, admin: true };
const subjectOf = (userId: string | null, keys: PermissionKey[] = []): Subject => ({
  signedIn: true,
  userId,
  permissions: closePermissions(keys),
  guestsAllowed: true,
});
const titles = async (boardId: string, subject: Subject, level: "view" | "modify" | "full" | null) =>
  (await itemsShownTo(db.sql(), boardId, subject, level)).map((i) => i.title ?? i.body);

async function world() {
  const sql = db.sql();
  const owner = await makeUser(sql);
  const kid = await makeUser(sql);
  const parent = await makeUser(sql);
  const editor = await makeUser(sql);
  const kids = await createGroup(sql, system, { name: `kids-${Date.now()}` });
  await addMember(sql, system, kids, kid.username);
  const board = await createBoard(sql, { ...system, userId: owner.id }, { name: `family-${Date.now()}`, title: "Family", isPublic: true });
  await grantUser(sql, system, board, editor.username, "modify", everything);
  const shared = await addItem(sql, system, board, { kind: "note", body: "for everyone" });
  const forKids = await addItem(sql, system, board, { kind: "note", body: "for kids" });
  const forParent = await addItem(sql, system, board, { kind: "note", body: "for parent" });
  await setItemAudience(sql, system, board, forKids, { userIds: [], groupIds: [kids] });
  await setItemAudience(sql, system, board, forParent, { userIds: [parent.id], groupIds: [] });
  return { sql, owner, kid, parent, editor, kids, board, shared, forKids, forParent };
}

describe("who sees each item", () => {
  it("shows an item to its audience and the board's editors, and to nobody else, guests included", async () => {
    const { owner, kid, parent, editor, board } = await world();
    expect(await titles(board, subjectOf(kid.id), "view")).toEqual(["for everyone", "for kids"]);
    expect(await titles(board, subjectOf(parent.id), "view")).toEqual(["for everyone", "for parent"]);
    expect(await titles(board, { ...subjectOf(null), signedIn: false }, "view")).toEqual(["for everyone"]);
    expect(await titles(board, subjectOf(editor.id), "modify")).toEqual(["for everyone", "for kids", "for parent"]);
    expect(await titles(board, subjectOf(owner.id), "full")).toEqual(["for everyone", "for kids", "for parent"]);
    // Editors are told who each limited item is for; viewers aren't told anything about the audience.
    const [, kidsNote] = await itemsShownTo(db.sql(), board, subjectOf(editor.id), "modify");
    expect(kidsNote.visibleTo?.groups.map((g) => g.name)).toEqual([expect.stringMatching(/^kids-/)]);
    const [, forKid] = await itemsShownTo(db.sql(), board, subjectOf(kid.id), "view");
    expect(forKid).not.toHaveProperty("visibleTo");
    expect(forKid).not.toHaveProperty("inAudience");
  });

  it("an item whose people and groups are all deleted stays limited: editors only, never everyone", async () => {
    const { sql, kid, editor, kids, board } = await world();
    await deleteGroup(sql, system, kids);
    expect(await titles(board, subjectOf(kid.id), "view")).toEqual(["for everyone"]);
    const all = await itemsShownTo(sql, board, subjectOf(editor.id), "modify");
    expect(all.find((i) => i.body === "for kids")?.visibleTo).toEqual({ users: [], groups: [] });
  });

  it("`everyone` as an audience means every signed-in person: a public board's guests don't see it", async () => {
    const { sql, kid, board, shared } = await world();
    const [{ id: everyone }] = await sql`select id from groups where name = 'everyone'`;
    await setItemAudience(sql, system, board, shared, { userIds: [], groupIds: [everyone] });
    expect(await titles(board, subjectOf(kid.id), "view")).toContain("for everyone");
    expect(await titles(board, { ...subjectOf(null), signedIn: false }, "view")).toEqual([]);
  });

  it("names are checked as on the Access tab: unknown people and groups the asker can't see are refused, each named", async () => {
    const { sql, editor, kids, board, parent } = await world();
    const hidden = await createGroup(sql, system, { name: `hidden-${Date.now()}` });
    const asker = { userId: editor.id, admin: false };
    const refused = await resolveAudiences(sql, board, asker, "modify", [{ users: ["nobody-here"], groups: [hidden] }]).catch((e) => e);
    expect(refused).toBeInstanceOf(UnknownAudienceError);
    expect(refused.users).toEqual(["nobody-here"]);
    expect(refused.groups).toEqual([hidden]);
    // Names already on the board's items stay usable (an editor writes back what the API gave them),
    // and a username is matched like at sign-in.
    const [audience] = await resolveAudiences(sql, board, asker, "modify", [{ users: [parent.username.toUpperCase()], groups: [kids] }]);
    expect(audience).toEqual({ userIds: [parent.id], groupIds: [kids] });
    expect(await resolveAudiences(sql, board, { userId: null, admin: true }, "full", [{ users: [], groups: [hidden] }, null])).toEqual([
      { userIds: [], groupIds: [hidden] },
      null,
    ]);
  });

  it("View as: a person, a group's member and a guest see what the board page would show them", async () => {
    const { sql, kid, kids, board, owner } = await world();
    const asker = { userId: owner.id, admin: false };
    // A non-administrator names only people and groups the board already shows them (the Access tab's rule).
    await grantGroup(sql, system, board, kids, "view", everything);
    const asKid = await viewBoardAs(sql, board, { user: kid.username }, asker);
    expect(asKid?.level).toBe("view");
    expect(shownItems(asKid!).map((i) => i.body)).toEqual(["for everyone", "for kids"]);
    const asGroup = await viewBoardAs(sql, board, { group: kids }, asker);
    expect(asGroup?.who).toMatch(/^members of kids-/);
    expect(shownItems(asGroup!).map((i) => i.body)).toEqual(["for everyone", "for kids"]);
    const asGuest = await viewBoardAs(sql, board, { guest: true }, asker);
    expect(shownItems(asGuest!).map((i) => i.body)).toEqual(["for everyone"]);
    // Someone the owner may not name (no row here, not in a group with one) answers like nobody.
    const stranger = await makeUser(sql);
    await sql`update boards set is_public = false where id = ${board}`;
    expect(await viewBoardAs(sql, board, { user: stranger.username }, asker)).toBeNull();
    const other = await createGroup(sql, system, { name: `other-${Date.now()}` });
    expect(await viewBoardAs(sql, board, { group: other }, asker)).toBeNull();
    await grantGroup(sql, system, board, other, "view", everything);
    expect((await viewBoardAs(sql, board, { group: other }, asker))?.level).toBe("view");
  });
});

describe("an app tile hidden from someone doesn't open its app for them", () => {
  async function tileWorld() {
    const sql = db.sql();
    const protector = await makeUser(sql, { permissions: ["app-protect"] });
    const member = await makeUser(sql);
    const other = await makeUser(sql);
    const editor = await makeUser(sql);
    const group = await createGroup(sql, system, { name: `media-${Date.now()}` });
    await addMember(sql, system, group, member.username);
    const origin = `https://sonarr-${Date.now()}.home.example`;
    await createProtectedApp(sql, system, { origin, pathPrefix: "/" });
    const board = await createBoard(sql, { ...system, userId: protector.id }, { name: `media-${Date.now()}`, title: "M", isPublic: true });
    await grantUser(sql, system, board, editor.username, "modify", everything);
    const placer = { ...system, userId: protector.id };
    const tile = await addItem(sql, placer, board, { kind: "app", title: "Sonarr", url: `${origin}/`, newTab: false });
    await setItemAudience(sql, placer, board, tile, { userIds: [], groupIds: [group] });
    const opens = async (userId: string, subject = subjectOf(userId)) =>
      (await decideAppAccess(sql, appAddress(`${origin}/x`)!, subject, userId)).level;
    return { sql, protector, member, other, editor, group, board, tile, opens, origin };
  }

  it("opens it for the tile's audience only: not for other viewers, not for an editor outside it, not for a narrow key", async () => {
    const { member, other, editor, opens } = await tileWorld();
    expect(await opens(member.id)).toBe("open");
    expect(await opens(other.id)).toBeNull();
    expect(await opens(editor.id)).toBeNull();
    // A key that doesn't act as its owner carries no rows of theirs: only tiles for everyone count.
    expect(await opens(member.id, subjectOf(null))).toBeNull();
  });

  it("an editor without app-protect who widens the audience makes the tile open nothing (its placer's call, ADR 033)", async () => {
    const { sql, member, editor, board, tile, opens } = await tileWorld();
    await setItemAudience(sql, { ...system, userId: editor.id }, board, tile, null);
    expect(await opens(editor.id)).toBeNull();
    expect(await opens(member.id)).toBeNull();
  });

  it("the API's list rewrite keeps the placer only for a tile written back with the same audience", async () => {
    const { sql, member, other, editor, board, group, opens, origin } = await tileWorld();
    const bot = { ...system, userId: editor.id };
    const tile = { kind: "app" as const, title: "Sonarr", url: `${origin}/`, newTab: false };
    await patchBoard(sql, bot, board, {}, [{ ...tile, audience: { userIds: [], groupIds: [group] } }]);
    expect(await opens(member.id)).toBe("open");
    await patchBoard(sql, bot, board, {}, [{ ...tile, audience: null }]);
    expect(await opens(other.id)).toBeNull();
    expect(await opens(member.id)).toBeNull();
    expect((await loadItems(sql, board, { user: other.id })).map((i) => i.inAudience)).toEqual([true]);
  });
});

describe("what editors and owners learn through the controls (attack32)", () => {
  it("an editor at modify may choose only `everyone`, their own groups and those already on items; an owner the Access tab's", async () => {
    const { sql, editor, kids, board } = await world();
    const rowed = await createGroup(sql, system, { name: `rowed-${Date.now()}` });
    await grantGroup(sql, system, board, rowed, "view", everything);
    const mine = await createGroup(sql, system, { name: `mine-${Date.now()}` });
    await addMember(sql, system, mine, editor.username);
    const asker = { userId: editor.id, admin: false };
    const names = async (level: "modify" | "full") => (await audienceGroupChoices(sql, board, asker, level)).map((g) => g.id);
    expect(await names("modify")).toEqual(expect.arrayContaining([kids, mine]));
    expect(await names("modify")).not.toContain(rowed);
    expect(await names("full")).toContain(rowed);
    const refused = await resolveAudiences(sql, board, asker, "modify", [{ users: [], groups: [rowed] }]).catch((e) => e);
    expect(refused).toBeInstanceOf(UnknownAudienceError);
  });

  it("Check a user and View as never tell an owner who is in a group they can't see: such items are left out and counted", async () => {
    const { sql, owner, board } = await world();
    const carol = await makeUser(sql);
    const secret = await createGroup(sql, system, { name: `secret-${Date.now()}` });
    await addMember(sql, system, secret, carol.username);
    await grantUser(sql, system, board, carol.username, "view", everything);
    const tile = await addItem(sql, system, board, { kind: "note", body: "for the secret group" });
    await setItemAudience(sql, system, board, tile, { userIds: [], groupIds: [secret] });
    const asOwner = await viewBoardAs(sql, board, { user: carol.username }, { userId: owner.id, admin: false });
    const shown = shownItems(asOwner!);
    expect(shown.map((i) => i.body)).toEqual(["for everyone"]);
    // Both limited items name a group the owner can't see (kids has no row here either).
    expect(shown.leftOut).toBe(2);
    // A stranger to the group answers the same: nothing tells the two apart.
    const dave = await makeUser(sql);
    await grantUser(sql, system, board, dave.username, "view", everything);
    const asDave = shownItems((await viewBoardAs(sql, board, { user: dave.username }, { userId: owner.id, admin: false }))!);
    expect([asDave.map((i) => i.body), asDave.leftOut]).toEqual([["for everyone"], 2]);
    // An administrator sees the whole truth.
    const asAdmin = shownItems((await viewBoardAs(sql, board, { user: carol.username }, { userId: null, admin: true }))!);
    expect([asAdmin.map((i) => i.body), asAdmin.leftOut]).toEqual([["for everyone", "for the secret group"], 0]);
  });

  it("the API's list rewrite keeps an audience unless told, records who sees what where it changed, and lists active people only", async () => {
    const { sql, editor, kid, parent, board } = await world();
    const bot = { ...system, userId: editor.id };
    // The items back as a script written before audiences would send them: no visibleTo, no ids.
    const plain = (await loadItems(sql, board, { user: null })).map((i) => ({ kind: "note" as const, body: i.body! }));
    await patchBoard(sql, bot, board, {}, [...plain].reverse());
    expect(await titles(board, subjectOf(kid.id), "view")).toEqual(["for kids", "for everyone"]);
    expect(await titles(board, subjectOf(parent.id), "view")).toEqual(["for parent", "for everyone"]);
    const [quiet] =
      await sql`select details from audit_log where action = 'board.items.replaced' and target_id = ${board} order by id desc limit 1`;
    expect(quiet.details).toEqual({ count: 3, audienceChanged: [] });
    await patchBoard(sql, bot, board, {}, [{ kind: "note", body: "for parent", audience: null }]);
    const [loud] =
      await sql`select details from audit_log where action = 'board.items.replaced' and target_id = ${board} order by id desc limit 1`;
    expect(loud.details.audienceChanged).toEqual([{ position: 1, item: "Note: for parent", visibleTo: "everyone who sees the board" }]);
    // A deactivated person drops out of the list editors are shown (and stays in the audience, seeing nothing).
    const note = await addItem(sql, system, board, { kind: "note", body: "for kid" });
    await setItemAudience(sql, system, board, note, { userIds: [kid.id], groupIds: [] });
    await setUserStatus(sql, system, kid.id, "inactive");
    const shown = await itemsShownTo(sql, board, subjectOf(editor.id), "modify");
    expect(shown.find((i) => i.body === "for kid")?.visibleTo).toEqual({ users: [], groups: [] });
  });
});
