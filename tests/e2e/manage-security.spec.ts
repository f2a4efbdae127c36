import { ROUTE_TABLE } from "~/routes.table";
import { expect, test } from "./fixtures";

const INTENTS = [
  "profile",
  "status",
  "groups",
  "permissions",
  "password",
  "delete",
  "rename",
  "add-member",
  "remove-member",
  "create",
  "reset-link",
  "unlock",
  "end-sessions",
  "reset-2fa",
  "require-2fa",
  "test",
  "find",
  "sync",
  "map-directory-group",
  "unmap-directory-group",
  "",
];

/** Everything the attacker's requests could have touched (other tests run alongside, so no global counts). */
async function snapshot(sql: import("postgres").Sql, ids: { me: string; victim: string; group: string }) {
  const [row] = await sql`
    select (select count(*) from audit_log where actor_user_id = ${ids.me} and action <> 'access.denied')::int as audited,
           (select row_to_json(u)::text from users u where id = ${ids.victim}) as victim,
           (select row_to_json(u)::text from users u where id = ${ids.me}) as me,
           (select row_to_json(g)::text from groups g where id = ${ids.group}) as grp,
           (select count(*) from group_members where group_id = ${ids.group})::int as members,
           (select string_agg(permission, ',' order by permission) from group_permissions where group_id = ${ids.group}) as group_permissions,
           (select string_agg(permission, ',' order by permission) from user_permissions
             where user_id in (${ids.me}, ${ids.victim})) as user_permissions,
           (select count(*) from invites where created_by = ${ids.me})::int as invites,
           (select count(*) from sessions where user_id = ${ids.victim})::int as victim_sessions`;
  return row;
}

test("a non-admin gets 403 from every admin page and action, and nothing changes", async ({ page, login, sql }) => {
  test.setTimeout(90_000); // a few hundred requests: on a busy 2-core machine about 30 s
  const stamp = Date.now().toString(36);
  const [victim] = await sql`insert into users (username) values (${`victim_${stamp}`}) returning id`;
  const [group] = await sql`insert into groups (name) values (${`target_${stamp}`}) returning id`;
  await sql`insert into group_members (group_id, user_id) values (${group.id}, ${victim.id})`;
  await sql`insert into group_permissions (group_id, permission) values (${group.id}, 'board-view-all')`;
  const me = await login();
  const ids = { me: me.id, victim: victim.id, group: group.id };
  await page.goto("/");
  await expect(page.getByRole("link", { name: "Manage" })).toHaveCount(0);
  const origin = new URL(test.info().project.use.baseURL!).origin;
  const before = await snapshot(sql, ids);
  for (const [id, entry] of Object.entries(ROUTE_TABLE)) {
    // Admin-only pages. (board-create is granted to `everyone` by another test in this project; the board
    // matrix covers it.)
    if (typeof entry.access !== "object" || !("permission" in entry.access) || entry.access.permission === "board-create") continue;
    const path = entry.path.replace("00000000-0000-0000-0000-000000000000", id.includes("groups") ? group.id : victim.id);
    expect((await page.request.get(path, { maxRedirects: 0 })).status(), `GET ${path}`).toBe(403);
    if (!entry.methods.includes("POST")) continue;
    for (const intent of INTENTS) {
      const form = {
        intent,
        username: "x",
        password: "password123",
        confirmPassword: "password123",
        name: "x",
        status: "inactive",
        permissions: "admin",
        userId: victim.id,
        days: "7",
        id: victim.id,
      };
      const res = await page.request.post(path, { headers: { Origin: origin }, form, maxRedirects: 0 });
      expect(res.status(), `POST ${path} intent=${intent}`).toBe(403);
    }
  }
  expect(await snapshot(sql, ids)).toEqual(before);
  // What it did try is on record.
  const [{ n }] = await sql`select count(*)::int as n from audit_log where actor_user_id = ${me.id} and action = 'access.denied'`;
  expect(n).toBeGreaterThan(0);
});

test("display names, emails and group names render as inert text", async ({ page, login, sql }) => {
  const payload = `<img src=x onerror="document.title='pwned'">`;
  let dialog = false;
  page.on("dialog", (d) => {
    dialog = true;
    void d.dismiss();
  });
  await sql`insert into users (username, display_name, email) values (${`xss_${Date.now().toString(36)}`}, ${payload}, ${'"><script>alert(1)</script>@x.example'})`;
  await sql`insert into groups (name, description) values (${`<script>alert(1)</script>${Date.now()}`}, ${payload})`;
  await login({ permissions: ["admin"] });
  await page.goto("/manage/users?q=xss_");
  await expect(page.getByRole("cell", { name: payload })).toBeVisible();
  await page.goto("/manage/users/groups");
  await expect(page.getByText("<script>alert(1)</script>").first()).toBeVisible();
  expect(await page.locator("img[src=x]").count()).toBe(0);
  expect(await page.title()).not.toBe("pwned");
  expect(dialog).toBe(false);
});
