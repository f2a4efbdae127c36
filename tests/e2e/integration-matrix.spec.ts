import { INTEGRATION_LEVELS } from "~/permissions/integrations";
import { ROUTE_TABLE } from "~/routes.table";
import { expect, test } from "./fixtures";
import { runMatrix, type MatrixActor, type MatrixCall } from "./matrix";

// Every integration route and API endpoint × every kind of actor (see matrix.ts).

const CALLS: MatrixCall[] = [
  { route: "routes/manage.integrations.$id._index", method: "GET", path: (id) => `/manage/integrations/${id}`, needs: "full", ok: 200 },
  {
    route: "routes/manage.integrations.$id._index",
    method: "POST",
    path: (id) => `/manage/integrations/${id}`,
    needs: "full",
    ok: 302,
    form: { intent: "save", name: "__same__", url: "http://127.0.0.1:9999/changed" },
  },
  {
    route: "routes/manage.integrations.$id.access",
    method: "GET",
    path: (id) => `/manage/integrations/${id}/access`,
    needs: "full",
    ok: 200,
  },
  {
    route: "routes/manage.integrations.$id.access",
    method: "POST",
    path: (id) => `/manage/integrations/${id}/access`,
    needs: "full",
    ok: 302,
    form: { intent: "grant-user", username: "admin", level: "use" },
  },
  { route: "routes/api.integrations.$id", method: "GET", path: (id) => `/api/integrations/${id}`, needs: "use", api: true, ok: 200 },
  {
    route: "routes/api.integrations.$id",
    method: "PATCH",
    path: (id) => `/api/integrations/${id}`,
    needs: "full",
    api: true,
    ok: 200,
    json: { url: "http://127.0.0.1:9999/patched" },
  },
  {
    route: "routes/api.integrations.$id.check",
    method: "POST",
    path: (id) => `/api/integrations/${id}/check`,
    needs: "interact",
    api: true,
    ok: 200,
  },
  { route: "routes/manage.integrations.new", method: "GET", path: () => "/manage/integrations/new", needs: "create", ok: 200 },
  {
    route: "routes/manage.integrations.new",
    method: "POST",
    path: () => "/manage/integrations/new?kind=http-status",
    needs: "create",
    ok: 302,
    form: { name: "__new__", url: "http://127.0.0.1:9999/" },
  },
  {
    route: "routes/api.integrations._index",
    method: "POST",
    path: () => "/api/integrations",
    needs: "create",
    api: true,
    ok: 201,
    json: { name: "__new__", kind: "http-status", url: "http://127.0.0.1:9999/" },
  },
  // Last: it removes the integration.
  { route: "routes/api.integrations.$id", method: "DELETE", path: (id) => `/api/integrations/${id}`, needs: "full", api: true, ok: 204 },
  {
    route: "routes/manage.integrations.$id._index",
    method: "POST",
    path: (id) => `/manage/integrations/${id}`,
    needs: "full",
    ok: 302,
    form: { intent: "delete" },
  },
];

const ACTORS: MatrixActor[] = [
  { name: "anonymous", anonymous: true, level: null },
  { name: "plain user", level: null },
  { name: "use row", row: "use", level: "use" },
  { name: "interact via group", groupRow: "interact", level: "interact" },
  { name: "full row", row: "full", level: "full" },
  { name: "creator", creator: true, level: "full" },
  { name: "integration-use-all", permissions: ["integration-use-all"], level: "use" },
  { name: "integration-interact-all", permissions: ["integration-interact-all"], level: "interact" },
  { name: "integration-full-all", permissions: ["integration-full-all"], level: "full", canCreate: true },
  { name: "integration-create only", permissions: ["integration-create"], level: null, canCreate: true },
  { name: "board-full-all (boards only)", permissions: ["board-full-all"], level: null },
  { name: "admin", permissions: ["admin"], level: "full", canCreate: true },
  { name: "key acting as an owner with a full row", row: "full", key: { permissions: [], actAsOwner: true }, level: "full" },
  { name: "key not acting as an owner with a full row", row: "full", key: { permissions: [], actAsOwner: false }, level: null },
  {
    name: "admin's key scoped to integration-use-all",
    permissions: ["admin"],
    key: { permissions: ["integration-use-all"], actAsOwner: false },
    level: "use",
  },
];

test("integration routes × actors: statuses as the rules say, refused writes change nothing", async ({ sql, playwright, baseURL }) => {
  test.setTimeout(120_000);
  const covered = new Set(CALLS.map((c) => c.route));
  const routes = Object.entries(ROUTE_TABLE)
    .filter(
      ([id, e]) =>
        (typeof e.access === "object" && "integration" in e.access) || (id.includes("integrations") && e.methods.includes("POST")),
    )
    .map(([id]) => id);
  expect(
    routes.filter((id) => !covered.has(id)),
    "integration routes missing from the matrix",
  ).toEqual([]);

  const failures = await runMatrix(
    { sql, playwright, baseURL: baseURL! },
    {
      levels: INTEGRATION_LEVELS,
      create: async (db, label, creatorId) => {
        const [i] = await db`
        insert into integrations (name, kind, url, creator_id) values (${label}, 'http-status', 'http://127.0.0.1:9999/', ${creatorId}) returning id`;
        return { id: i.id, ref: i.id, name: label };
      },
      userRows: "integration_user_permissions",
      groupRows: "integration_group_permissions",
      fk: "integration_id",
      snapshot: async (db, id, createdLike) =>
        (
          await db`
      select (select row_to_json(x)::text from (select name, url, last_checked_at from integrations where id = ${id}) x) as integration,
             (select count(*) from integration_user_permissions where integration_id = ${id})::int as rows,
             (select count(*) from integration_secrets where integration_id = ${id})::int as secrets,
             (select count(*) from integrations where name like ${createdLike})::int as created`
        )[0],
    },
    CALLS,
    ACTORS,
  );
  expect(failures).toEqual([]);
});
