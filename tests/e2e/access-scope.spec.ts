import { ADMIN, expect, test } from "./fixtures";

// A board or integration owner who isn't an administrator learns, on the Access tab, only what the
// resource already shows them: not who exists, who is an admin, or which other groups there are.

const stamp = () => Date.now().toString(36) + Math.random().toString(36).slice(2, 5);

test("refuses to show a non-admin owner who is an admin, other people or hidden groups on the Access tabs", async ({
  page,
  login,
  sql,
}) => {
  const owner = await login({ permissions: ["board-create", "integration-create"] });
  const [own] = await sql`insert into groups (name, position) values (${`own-${stamp()}`}, 80) returning id, name`;
  await sql`insert into group_members (group_id, user_id) values (${own.id}, ${owner.id})`;
  const [hidden] = await sql`insert into groups (name, position) values (${`hidden-${stamp()}`}, 81) returning id, name`;
  const realName = `Friend Realname ${stamp()}`;
  const [friend] = await sql`insert into users (username, display_name) values (${`friend_${stamp()}`}, ${realName}) returning id`;
  const [board] =
    await sql`insert into boards (name, title, creator_id) values (${`scope-${stamp()}`}, 'Scope', ${owner.id}) returning id, name`;
  const [integration] = await sql`
    insert into integrations (name, kind, url, creator_id) values (${`Scope ${stamp()}`}, 'http-status', 'http://127.0.0.1:9/', ${owner.id}) returning id`;
  await sql`insert into board_user_permissions (board_id, user_id, level) values (${board.id}, ${friend.id}, 'view')`;
  await sql`insert into integration_user_permissions (integration_id, user_id, level) values (${integration.id}, ${friend.id}, 'use')`;
  const origin = new URL(test.info().project.use.baseURL!).origin;

  for (const { path, noun, table, fk, id } of [
    { path: `/boards/${board.name}/settings/access`, noun: "board", table: "board_group_permissions", fk: "board_id", id: board.id },
    {
      path: `/manage/integrations/${integration.id}/access`,
      noun: "integration",
      table: "integration_group_permissions",
      fk: "integration_id",
      id: integration.id,
    },
  ]) {
    const html = await (await page.goto(path))!.text();
    expect(html, "a group they can't see").not.toContain(hidden.name);
    expect(html, "a row's display name").not.toContain(realName);
    await expect(page.getByLabel("Group", { exact: true }).locator("option", { hasText: own.name })).toHaveCount(1);
    await expect(page.getByTestId("check-scope")).toContainText("Only administrators can check anyone");

    // The administrator answers exactly like nobody at all.
    for (const who of [ADMIN.username, `nobody-${stamp()}`]) {
      const answer = await (await page.goto(`${path}?check=${who}`))!.text();
      await expect(page.getByText(`No one by that name has a row on this ${noun} or is in a group that has one.`)).toBeVisible();
      expect(answer).not.toContain("Holds ");
    }

    // Forcing a hidden group's id through the form: refused like a missing group, nothing written.
    const forced = await page.request.post(path, {
      headers: { Origin: origin },
      form: { intent: "grant-group", groupId: hidden.id, level: noun === "board" ? "view" : "use" },
    });
    expect(forced.status()).toBe(400);
    expect(await forced.text()).toContain("That group no longer exists.");
    expect(await sql`select 1 from ${sql(table)} where ${sql(fk)} = ${id}`).toHaveLength(0);
  }
});
