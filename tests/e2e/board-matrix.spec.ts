import { BOARD_LEVELS } from "~/permissions/boards";
import { ROUTE_TABLE } from "~/routes.table";
import { expect, test } from "./fixtures";
import { runMatrix, type MatrixActor, type MatrixCall } from "./matrix";

// Every board route and API endpoint × every kind of actor: the status the rules promise, and for
// every refused write, proof that nothing changed. A board route missing here fails the test.

const CALLS: MatrixCall[] = [
  { route: "routes/boards.$name._index", method: "GET", path: (b) => `/boards/${b}`, needs: "view", ok: 200 },
  {
    route: "routes/boards.$name._index",
    method: "POST",
    path: (b) => `/boards/${b}`,
    needs: "modify",
    ok: 302,
    form: { intent: "add-note", body: "matrix" },
  },
  { route: "routes/boards.$name.settings._index", method: "GET", path: (b) => `/boards/${b}/settings`, needs: "full", ok: 200 },
  {
    route: "routes/boards.$name.settings._index",
    method: "POST",
    path: (b) => `/boards/${b}/settings`,
    needs: "full",
    ok: 302,
    form: { intent: "general", name: "__same__", title: "Retitled", isPublic: "off" },
  },
  { route: "routes/boards.$name.settings.access", method: "GET", path: (b) => `/boards/${b}/settings/access`, needs: "full", ok: 200 },
  {
    route: "routes/boards.$name.settings.access",
    method: "POST",
    path: (b) => `/boards/${b}/settings/access`,
    needs: "full",
    ok: 302,
    form: { intent: "grant-user", username: "admin", level: "view" },
  },
  { route: "routes/boards.$name.settings.display", method: "GET", path: (b) => `/boards/${b}/settings/display`, needs: "full", ok: 200 },
  {
    route: "routes/boards.$name.settings.display",
    method: "POST",
    path: (b) => `/boards/${b}/settings/display`,
    needs: "full",
    ok: 200,
    form: { intent: "create", name: "Matrix TV", expires: "1d", refresh: "300" },
  },
  {
    route: "routes/api.boards.$name.display-links._index",
    method: "GET",
    path: (b) => `/api/boards/${b}/display-links`,
    needs: "full",
    api: true,
    ok: 200,
  },
  {
    route: "routes/api.boards.$name.display-links._index",
    method: "POST",
    path: (b) => `/api/boards/${b}/display-links`,
    needs: "full",
    api: true,
    ok: 201,
    json: { name: "Matrix TV" },
  },
  {
    route: "routes/api.boards.$name.display-links.$id",
    method: "DELETE",
    path: (b) => `/api/boards/${b}/display-links/00000000-0000-0000-0000-000000000000`,
    needs: "full",
    api: true,
    ok: 404,
  },
  { route: "routes/boards.$name.view-as", method: "GET", path: (b) => `/boards/${b}/view-as?group=guest`, needs: "full", ok: 200 },
  {
    route: "routes/boards.$name._index",
    method: "POST",
    path: (b) => `/boards/${b}`,
    needs: "modify",
    ok: 400,
    form: { intent: "set-visibility", itemId: "00000000-0000-0000-0000-000000000000", audience: "everyone" },
  },
  { route: "routes/api.boards.$name", method: "GET", path: (b) => `/api/boards/${b}`, needs: "view", api: true, ok: 200 },
  {
    route: "routes/api.boards.$name",
    method: "PATCH",
    path: (b) => `/api/boards/${b}`,
    needs: "modify",
    api: true,
    ok: 200,
    json: { items: [{ kind: "note", body: "via api" }] },
  },
  {
    route: "routes/api.boards.$name",
    method: "PATCH",
    path: (b) => `/api/boards/${b}`,
    needs: "full",
    api: true,
    ok: 200,
    json: { title: "Retitled by API" },
  },
  { route: "routes/boards.new", method: "GET", path: () => "/boards/new", needs: "create", ok: 200 },
  {
    route: "routes/boards.new",
    method: "POST",
    path: () => "/boards/new",
    needs: "create",
    ok: 302,
    form: { name: "__new__", title: "New" },
  },
  {
    route: "routes/api.boards._index",
    method: "POST",
    path: () => "/api/boards",
    needs: "create",
    api: true,
    ok: 201,
    json: { name: "__new__", title: "New" },
  },
  // Last: it removes the board.
  { route: "routes/api.boards.$name", method: "DELETE", path: (b) => `/api/boards/${b}`, needs: "full", api: true, ok: 204 },
  {
    route: "routes/boards.$name.settings._index",
    method: "POST",
    path: (b) => `/boards/${b}/settings`,
    needs: "full",
    ok: 302,
    form: { intent: "delete" },
  },
];

const ACTORS: MatrixActor[] = [
  { name: "anonymous", anonymous: true, level: null },
  { name: "plain user", level: null },
  { name: "view row", row: "view", level: "view" },
  { name: "modify via group", groupRow: "modify", level: "modify" },
  { name: "full row", row: "full", level: "full" },
  { name: "creator", creator: true, level: "full" },
  { name: "board-view-all", permissions: ["board-view-all"], level: "view" },
  { name: "board-modify-all", permissions: ["board-modify-all"], level: "modify" },
  { name: "board-full-all", permissions: ["board-full-all"], level: "full", canCreate: true },
  { name: "board-create only", permissions: ["board-create"], level: null, canCreate: true },
  { name: "admin", permissions: ["admin"], level: "full", canCreate: true },
  { name: "key acting as an owner with a full row", row: "full", key: { permissions: [], actAsOwner: true }, level: "full" },
  { name: "key not acting as an owner with a full row", row: "full", key: { permissions: [], actAsOwner: false }, level: null },
  {
    name: "admin's key scoped to board-view-all",
    permissions: ["admin"],
    key: { permissions: ["board-view-all"], actAsOwner: false },
    level: "view",
  },
  { name: "admin's key without scopes", permissions: ["admin"], key: { permissions: [], actAsOwner: true }, level: null },
  { name: "key with board-create of an owner without it", key: { permissions: ["board-create"], actAsOwner: true }, level: null },
];

test("board routes × actors: statuses as the rules say, refused writes change nothing", async ({ sql, playwright, baseURL }) => {
  test.setTimeout(120_000);
  const covered = new Set(CALLS.map((c) => c.route));
  const boardRoutes = Object.entries(ROUTE_TABLE)
    .filter(([id, e]) => id !== "routes/boards._index" && (id.includes("boards") || (typeof e.access === "object" && "board" in e.access)))
    .map(([id]) => id);
  expect(
    boardRoutes.filter((id) => !covered.has(id)),
    "board routes missing from the matrix",
  ).toEqual([]);

  const failures = await runMatrix(
    { sql, playwright, baseURL: baseURL! },
    {
      levels: BOARD_LEVELS,
      create: async (db, label, creatorId) => {
        const [b] = await db`insert into boards (name, title, creator_id) values (${label}, 'Matrix', ${creatorId}) returning id`;
        return { id: b.id, ref: label, name: label };
      },
      userRows: "board_user_permissions",
      groupRows: "board_group_permissions",
      fk: "board_id",
      snapshot: async (db, id, createdLike) =>
        (
          await db`
      select (select row_to_json(x)::text from (select name, title, is_public from boards where id = ${id}) x) as board,
             (select count(*) from board_items where board_id = ${id})::int as items,
             (select count(*) from board_user_permissions where board_id = ${id})::int as rows,
             (select count(*) from display_links where board_id = ${id})::int as links,
             (select count(*) from boards where name like ${createdLike})::int as created`
        )[0],
    },
    CALLS,
    ACTORS,
  );
  expect(failures).toEqual([]);
});
