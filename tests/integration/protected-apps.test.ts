import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addItem, createBoard, patchBoard, updateItem } from "~/models/boards.server";
import { grantUser as grantBoardUser } from "~/models/board-rows.server";
import { addMember, createGroup } from "~/models/groups.server";
import { protectedAppRows } from "~/models/protected-app-rows.server";
import { createProtectedApp, deleteProtectedApp, getProtectedApp, updateProtectedApp } from "~/models/protected-apps.server";
import { appAddress, covers } from "~/permissions/app-address";
import { closePermissions, type PermissionKey } from "~/permissions/definitions";
import { coversSql, decideAppAccess } from "~/permissions/protected-apps.server";
import type { Subject } from "~/permissions/resource-rules";
import { returnDestination } from "~/server/return-to.server";
import { useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

const db = useTestDatabase();
const system = { userId: null, ip: null, userAgent: null };
const everything = { userId: null, admin: true };
const subjectOf = (userId: string | null, keys: PermissionKey[] = []): Subject => ({
  signedIn: true,
  userId,
  permissions: closePermissions(keys),
  guestsAllowed: true,
});
const decide = async (url: string, subject: Subject, memberId = subject.userId!) =>
  decideAppAccess(db.sql(), appAddress(url)!, subject, memberId);
const app = (title: string, url: string) => ({ kind: "app" as const, title, url, newTab: false });
/** Tiles open an app only when placed by someone who may protect apps (attack14). */
async function protector() {
  const user = await makeUser(db.sql(), { permissions: ["app-protect"] });
  return { ...system, userId: user.id };
}

describe("who may open a protected app: the board rule, rows, the permission", () => {
  it("lets through exactly those who may view a board with a tile linking into it", async () => {
    const sql = db.sql();
    const owner = await makeUser(sql);
    const viewer = await makeUser(sql);
    const stranger = await makeUser(sql);
    await createProtectedApp(sql, system, { origin: "https://sonarr.home.example", pathPrefix: "/" });
    const board = await createBoard(sql, { ...system, userId: owner.id }, { name: "media", title: "Media", isPublic: false });
    // Written as people type it: case and a default port don't make another app.
    await addItem(sql, await protector(), board, app("Sonarr", "HTTPS://Sonarr.Home.Example:443/calendar"));
    await grantBoardUser(sql, system, board, viewer.username, "view", everything);

    const seen = await decide("https://sonarr.home.example/series/1", subjectOf(viewer.id));
    expect(seen.level).toBe("open");
    expect(seen.reasons).toEqual([{ source: "board", board: "media", level: "open" }]);
    expect((await decide("https://sonarr.home.example/", subjectOf(owner.id))).level).toBe("open");
    const refused = await decide("https://sonarr.home.example/", subjectOf(stranger.id));
    expect(refused.app?.origin).toBe("https://sonarr.home.example");
    expect(refused.level).toBeNull();
    // Global permissions that show every board show the tile too; app-protect opens every app.
    expect((await decide("https://sonarr.home.example/", subjectOf(stranger.id, ["board-view-all"]))).level).toBe("open");
    expect((await decide("https://sonarr.home.example/", subjectOf(stranger.id, ["app-protect"]))).level).toBe("open");
    expect((await decide("https://sonarr.home.example/", subjectOf(stranger.id, ["admin"]))).level).toBe("open");
    // An API key that doesn't act as its owner has only its permissions: the owner's board rows don't count.
    expect((await decide("https://sonarr.home.example/", subjectOf(null), viewer.id)).level).toBeNull();
  });

  it("counts a public board for everyone signed in, and a tile on another host or below another prefix for nobody", async () => {
    const sql = db.sql();
    const person = await makeUser(sql);
    await createProtectedApp(sql, system, { origin: "https://radarr.home.example", pathPrefix: "/" });
    await createProtectedApp(sql, system, { origin: "https://nas.home.example", pathPrefix: "/admin" });
    const board = await createBoard(sql, system, { name: "lobby", title: "Lobby", isPublic: true });
    const placer = await protector();
    await addItem(sql, placer, board, app("Radarr", "https://radarr.home.example/"));
    await addItem(sql, placer, board, app("NAS", "https://nas.home.example/files"));
    await addItem(sql, placer, board, app("Look-alike", "https://radarr.home.example.evil.test/"));
    expect((await decide("https://radarr.home.example/movies", subjectOf(person.id))).level).toBe("open");
    // The NAS tile links to /files, outside the protected /admin prefix: it grants nothing there.
    const admin = await decide("https://nas.home.example/admin/users", subjectOf(person.id));
    expect(admin.app?.pathPrefix).toBe("/admin");
    expect(admin.level).toBeNull();
    // Nothing protects /files: that is an address nobody protected.
    const files = await decide("https://nas.home.example/files", subjectOf(person.id));
    expect(files.app).toBeNull();
    expect(files.unknownAllowed).toBe(false);
    // Percent-encoding doesn't step out of the prefix.
    expect((await decide("https://nas.home.example/%61dmin/users", subjectOf(person.id))).app?.pathPrefix).toBe("/admin");
    expect((await decide("https://nas.home.example/files/../admin", subjectOf(person.id))).app?.pathPrefix).toBe("/admin");
  });

  it("counts a tile only when someone who may protect apps placed it (attack14: editors can't grant apps)", async () => {
    const sql = db.sql();
    const creator = await makeUser(sql, { permissions: ["board-create"] });
    const viewer = await makeUser(sql);
    await createProtectedApp(sql, system, { origin: "https://grafana.home.example", pathPrefix: "/" });
    const board = await createBoard(sql, { ...system, userId: creator.id }, { name: "my-own", title: "Mine", isPublic: true });
    const tile = await addItem(sql, { ...system, userId: creator.id }, board, app("Grafana", "https://grafana.home.example/"));
    expect((await decide("https://grafana.home.example/", subjectOf(creator.id, ["board-create"]))).level).toBeNull();
    expect((await decide("https://grafana.home.example/", subjectOf(viewer.id))).level).toBeNull();
    // Placed (or last changed) by a holder of app-protect, the same tile opens it to the board's viewers.
    const placer = await protector();
    await updateItem(sql, placer, board, tile, app("Grafana", "https://grafana.home.example/"));
    expect((await decide("https://grafana.home.example/d/1", subjectOf(viewer.id))).level).toBe("open");
    // An editor changing it afterwards makes it theirs again: it stops opening the app.
    await updateItem(sql, { ...system, userId: creator.id }, board, tile, app("Grafana", "https://grafana.home.example/"));
    expect((await decide("https://grafana.home.example/d/1", subjectOf(viewer.id))).level).toBeNull();
    // And a placer who loses app-protect (or is deactivated) takes the tile's power with them.
    await updateItem(sql, placer, board, tile, app("Grafana", "https://grafana.home.example/"));
    await sql`delete from user_permissions where user_id = ${placer.userId}`;
    expect((await decide("https://grafana.home.example/d/1", subjectOf(viewer.id))).level).toBeNull();
  });

  it("counts a tile placed through an API key only when the key itself may protect apps (attack17)", async () => {
    const sql = db.sql();
    await createProtectedApp(sql, system, { origin: "https://bot.home.example", pathPrefix: "/" });
    const owner = await protector();
    const viewer = await makeUser(sql);
    const board = await createBoard(sql, owner, { name: "bot-board", title: "Bot", isPublic: true });
    const viaKey = (permissions: string[]) => ({
      ...owner,
      apiKeyId: "k",
      keyPermissions: closePermissions(permissions as PermissionKey[]),
    });
    await addItem(sql, viaKey(["board-modify-all"]), board, app("Bot", "https://bot.home.example/"));
    expect((await decide("https://bot.home.example/", subjectOf(viewer.id))).level).toBeNull();
    await addItem(sql, viaKey(["app-protect"]), board, app("Bot", "https://bot.home.example/"));
    expect((await decide("https://bot.home.example/", subjectOf(viewer.id))).level).toBe("open");
  });

  it("keeps who placed each tile when the whole list is written again, as a reorder does (attack17)", async () => {
    const sql = db.sql();
    await createProtectedApp(sql, system, { origin: "https://order.home.example", pathPrefix: "/" });
    const editor = await makeUser(sql, { permissions: ["board-create"] });
    const viewer = await makeUser(sql);
    const board = await createBoard(sql, { ...system, userId: editor.id }, { name: "order", title: "Order", isPublic: true });
    const tiles = [app("Mine", "https://order.home.example/"), { kind: "note" as const, body: "hello" }];
    await addItem(sql, { ...system, userId: editor.id }, board, tiles[0]);
    await addItem(sql, { ...system, userId: editor.id }, board, tiles[1]);
    // A holder of app-protect reorders the board through the API: the editor's tile stays the editor's.
    await patchBoard(sql, await protector(), board, {}, [tiles[1], tiles[0]]);
    expect((await decide("https://order.home.example/", subjectOf(viewer.id))).level).toBeNull();
    // A tile new to the list is the writer's own.
    await patchBoard(sql, await protector(), board, {}, [...tiles, app("New", "https://order.home.example/new")]);
    expect((await decide("https://order.home.example/", subjectOf(viewer.id))).level).toBe("open");
  });

  it("gives whoever protected an app nothing of their own: losing app-protect loses the app (attack16)", async () => {
    const sql = db.sql();
    const carol = await makeUser(sql, { permissions: ["app-protect"] });
    await createProtectedApp(sql, { ...system, userId: carol.id }, { origin: "https://carols-nas.home.example", pathPrefix: "/" });
    expect((await decide("https://carols-nas.home.example/", subjectOf(carol.id, ["app-protect"]))).reasons).toEqual([
      { source: "global", permission: "app-protect", level: "open" },
    ]);
    await sql`delete from user_permissions where user_id = ${carol.id}`;
    expect((await decide("https://carols-nas.home.example/", subjectOf(carol.id))).level).toBeNull();
  });

  it("takes the longest matching prefix, rows of users and groups, and names the person's groups", async () => {
    const sql = db.sql();
    const member = await makeUser(sql);
    const group = await createGroup(sql, system, { name: "pa-family" });
    await addMember(sql, system, group, member.username);
    const whole = await createProtectedApp(sql, system, { origin: "https://wiki.home.example", pathPrefix: "/" });
    const admin = await createProtectedApp(sql, system, { origin: "https://wiki.home.example", pathPrefix: "/admin" });
    await protectedAppRows.grantGroup(sql, system, whole, group, "open", everything);
    const page = await decide("https://wiki.home.example/page", subjectOf(member.id));
    expect(page.level).toBe("open");
    expect(page.reasons).toEqual([{ source: "group", group: "pa-family", level: "open" }]);
    expect(page.groups).toEqual(["pa-family"]);
    expect((await decide("https://wiki.home.example/admin", subjectOf(member.id))).level).toBeNull();
    await protectedAppRows.grantUser(sql, system, admin, member.username, "open", everything);
    expect((await decide("https://wiki.home.example/admin/x", subjectOf(member.id))).reasons).toEqual([{ source: "user", level: "open" }]);
    // Unprotecting /admin leaves the whole-site rule in charge of it.
    await deleteProtectedApp(sql, system, (await getProtectedApp(sql, admin))!);
    expect((await decide("https://wiki.home.example/admin/x", subjectOf(member.id))).app?.id).toBe(whole);
  });

  it("counts a tile for the one app its link falls under, the longest prefix, as for a request (attack19)", async () => {
    const sql = db.sql();
    const viewer = await makeUser(sql);
    const whole = await createProtectedApp(sql, system, { origin: "https://files.home.example", pathPrefix: "/" });
    const photos = await createProtectedApp(sql, system, { origin: "https://files.home.example", pathPrefix: "/photos" });
    await createProtectedApp(sql, system, { origin: "https://files.home.example", pathPrefix: "/secret" });
    const board = await createBoard(sql, system, { name: "pa-photos", title: "Photos", isPublic: false });
    await grantBoardUser(sql, system, board, viewer.username, "view", everything);
    await addItem(sql, await protector(), board, app("Photos", "https://files.home.example/photos/album"));

    const album = await decide("https://files.home.example/photos/2024", subjectOf(viewer.id));
    expect(album.app?.id).toBe(photos);
    expect(album.level).toBe("open");
    // The whole-site app is another app: a tile into /photos doesn't open its settings, or anything else.
    const settings = await decide("https://files.home.example/settings", subjectOf(viewer.id));
    expect(settings.app?.id).toBe(whole);
    expect(settings.level).toBeNull();
    expect(settings.reasons).toEqual([]);
    expect((await decide("https://files.home.example/secret/x", subjectOf(viewer.id))).level).toBeNull();
    // Manage counts the tile where it opens, and nowhere else.
    expect((await getProtectedApp(sql, whole))!.linkingItems).toBe(0);
    expect((await getProtectedApp(sql, photos))!.linkingItems).toBe(1);
  });

  it("counts a tile whose link reads two ways (an encoded slash or backslash) for no app at all (attack21)", async () => {
    const sql = db.sql();
    const viewer = await makeUser(sql);
    await createProtectedApp(sql, system, { origin: "https://pics.home.example", pathPrefix: "/" });
    const photos = await createProtectedApp(sql, system, { origin: "https://pics.home.example", pathPrefix: "/photos" });
    const board = await createBoard(sql, system, { name: "pa-pics", title: "Pics", isPublic: false });
    await grantBoardUser(sql, system, board, viewer.username, "view", everything);
    const placer = await protector();
    // Read as written it falls under /, read with %2F as / under /photos: Porch can't tell which is meant.
    await addItem(sql, placer, board, app("Gallery", "https://pics.home.example/photos%2Fgallery"));
    await addItem(sql, placer, board, app("Back", "https://pics.home.example/photos%5cx"));
    expect((await decide("https://pics.home.example/", subjectOf(viewer.id))).level).toBeNull();
    expect((await decide("https://pics.home.example/photos/1", subjectOf(viewer.id))).level).toBeNull();
    expect((await getProtectedApp(sql, photos))!.linkingItems).toBe(0);
  });

  it("releases the tiles of an app that is deleted or moved: they never open the wider app they then fall under (attack20)", async () => {
    const sql = db.sql();
    const viewer = await makeUser(sql);
    const whole = await createProtectedApp(sql, system, { origin: "https://cams.home.example", pathPrefix: "/" });
    const admin = await createProtectedApp(sql, system, { origin: "https://cams.home.example", pathPrefix: "/admin" });
    const secret = await createProtectedApp(sql, system, { origin: "https://cams.home.example", pathPrefix: "/admin/secret" });
    const photos = await createProtectedApp(sql, system, { origin: "https://cams.home.example", pathPrefix: "/photos" });
    const board = await createBoard(sql, system, { name: "pa-cams", title: "Cams", isPublic: false });
    await grantBoardUser(sql, system, board, viewer.username, "view", everything);
    const placer = await protector();
    await addItem(sql, placer, board, app("Photos", "https://cams.home.example/photos/"));
    await addItem(sql, placer, board, app("Secret", "https://cams.home.example/admin/secret/panel"));
    const placedBy = async (title: string) =>
      (
        await sql<
          { placedBy: string | null }[]
        >`select placed_by as "placedBy" from board_items where title = ${title} and board_id = (select id from boards where name = 'pa-cams')`
      )[0].placedBy;

    // Unprotecting /photos: its tile doesn't start opening the whole host.
    await deleteProtectedApp(sql, system, (await getProtectedApp(sql, photos))!);
    expect((await decide("https://cams.home.example/settings", subjectOf(viewer.id))).level).toBeNull();
    expect((await decide("https://cams.home.example/photos/1", subjectOf(viewer.id))).level).toBeNull();
    expect((await getProtectedApp(sql, whole))!.linkingItems).toBe(0);
    expect(await placedBy("Photos")).toBeNull();

    // Moving /admin/secret elsewhere: its tile doesn't start opening all of /admin.
    expect((await decide("https://cams.home.example/admin/secret/x", subjectOf(viewer.id))).level).toBe("open");
    await updateProtectedApp(sql, system, (await getProtectedApp(sql, secret))!, {
      origin: "https://cams.home.example",
      pathPrefix: "/admin/secret-v2",
    });
    expect((await decide("https://cams.home.example/admin/users", subjectOf(viewer.id))).level).toBeNull();
    expect((await getProtectedApp(sql, admin))!.linkingItems).toBe(0);
    expect(await placedBy("Secret")).toBeNull();
    // Saved again by someone who may protect apps, a tile opens what its link falls under now.
    const [tile] = await sql<{ id: string }[]>`select id from board_items where title = 'Photos' and board_id = ${board}`;
    await updateItem(sql, placer, board, tile.id, app("Photos", "https://cams.home.example/photos/"));
    expect((await decide("https://cams.home.example/settings", subjectOf(viewer.id))).level).toBe("open");
  });

  it("writes the same coverage in SQL as in TypeScript", async () => {
    const segment = fc.constantFrom("a", "ab", "admin", "x", "", ".", "..", "%61", "b");
    const path = fc.array(segment, { maxLength: 4 }).map((s) => normalize(`/${s.join("/")}`));
    await fc.assert(
      fc.asyncProperty(path, path, async (prefixPath, target) => {
        const prefix = prefixPath.length > 1 ? prefixPath.replace(/\/+$/, "") || "/" : prefixPath;
        const [row] = await db.sql()<
          { hit: boolean }[]
        >`select ${coversSql(db.sql(), db.sql()`${prefix}::text`, db.sql()`${target}::text`)} as hit`;
        expect(row.hit).toBe(covers(prefix, target));
      }),
      { numRuns: 150 },
    );
  });
});

describe("returning after sign-in", () => {
  it("goes back into a protected app, and nowhere else off Porch", async () => {
    const sql = db.sql();
    await createProtectedApp(sql, system, { origin: "https://jellyfin.home.example", pathPrefix: "/" });
    await createProtectedApp(sql, system, { origin: "https://tools.home.example", pathPrefix: "/grafana" });
    expect(await returnDestination(sql, "https://jellyfin.home.example/web/#!/home")).toBe("https://jellyfin.home.example/web/#!/home");
    expect(await returnDestination(sql, "https://tools.home.example/grafana/d/1")).toBe("https://tools.home.example/grafana/d/1");
    expect(await returnDestination(sql, "/boards?x=1")).toBe("/boards?x=1");
    for (const evil of [
      "https://evil.example/",
      "https://jellyfin.home.example.evil.example/",
      "https://jellyfin.home.example@evil.example/",
      "http://jellyfin.home.example/",
      "https://tools.home.example/other",
      "https://tools.home.example/grafana/../other",
      "https://tools.home.example/grafanax",
      "//jellyfin.home.example/",
      "https:\\\\jellyfin.home.example/",
      "https://jellyfin.home.example\\@evil.example/",
      " https://jellyfin.home.example/",
      "javascript://jellyfin.home.example/%0aalert(1)",
    ]) {
      expect(await returnDestination(sql, evil), evil).toBe("/");
    }
  });
});

function normalize(path: string) {
  return appAddress(`http://h${path}`)!.path;
}
