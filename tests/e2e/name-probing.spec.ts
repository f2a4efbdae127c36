import { expect, test } from "./fixtures";

// Board names are addresses and integration names are unique on the server, so whoever may create or
// rename one can tell that a name is taken (README: "What a name reveals"). This pins that it is *all*
// they learn: a name they can't see gets exactly the answers of a name they can, and nothing changes.

const stamp = () => Date.now().toString(36) + Math.random().toString(36).slice(2, 5);

test("refuses to tell more than 'taken' about a board or integration name one can't see: the same answers as for a visible one, nothing written", async ({
  page,
  login,
  sql,
}) => {
  const me = await login({ permissions: ["board-create", "integration-create"] });
  const [other] = await sql`insert into users (username) values (${`other_${stamp()}`}) returning id`;
  const hidden = { board: `secret-${stamp()}`, integration: `Secret ${stamp()}` };
  const shared = { board: `shared-${stamp()}`, integration: `Shared ${stamp()}` };
  await sql`insert into boards (name, title, creator_id) values (${hidden.board}, 'Secret plans', ${other.id})`;
  const [sb] = await sql`insert into boards (name, title, creator_id) values (${shared.board}, 'Shared', ${other.id}) returning id`;
  await sql`insert into board_user_permissions (board_id, user_id, level) values (${sb.id}, ${me.id}, 'view')`;
  await sql`insert into integrations (name, kind, url, creator_id) values (${hidden.integration}, 'http-status', 'http://10.9.8.7/', ${other.id})`;
  const [si] =
    await sql`insert into integrations (name, kind, url, creator_id) values (${shared.integration}, 'http-status', 'http://10.9.8.6/', ${other.id}) returning id`;
  await sql`insert into integration_user_permissions (integration_id, user_id, level) values (${si.id}, ${me.id}, 'use')`;
  const mine = `mine-${stamp()}`;
  await sql`insert into boards (name, title, creator_id) values (${mine}, 'Mine', ${me.id})`;
  const [myIntegration] =
    await sql`insert into integrations (name, kind, url, creator_id) values (${`Mine ${stamp()}`}, 'http-status', 'http://127.0.0.1:9/', ${me.id}) returning id, name`;

  const origin = new URL(test.info().project.use.baseURL!).origin;
  const headers = { Origin: origin, "Content-Type": "application/json" };
  const answer = async (response: Awaited<ReturnType<typeof page.request.post>>) => ({
    status: response.status(),
    body: await response.text(),
  });
  // Everything either of the two people owns: a probe that wrote anything would show here.
  const snapshot = () => sql`
    select (select json_agg(b order by name) from (select name, title from boards where creator_id in (${me.id}, ${other.id})) b)::text as boards,
           (select json_agg(i order by name) from (select name, url from integrations where creator_id in (${me.id}, ${other.id})) i)::text as integrations`;
  const before = await snapshot();

  // Creating, renaming through the API, and through the forms: hidden and visible names answer alike.
  const probes = async (names: { board: string; integration: string }) => ({
    createBoard: await answer(await page.request.post("/api/boards", { headers, data: { name: names.board, title: "Probe" } })),
    renameBoard: await answer(await page.request.patch(`/api/boards/${mine}`, { headers, data: { name: names.board } })),
    createIntegration: await answer(
      await page.request.post("/api/integrations", {
        headers,
        data: { name: names.integration, kind: "http-status", url: "http://127.0.0.1:9/" },
      }),
    ),
    renameIntegration: await answer(
      await page.request.patch(`/api/integrations/${myIntegration.id}`, { headers, data: { name: names.integration } }),
    ),
  });
  const forms = async (names: { board: string; integration: string }) => {
    await page.goto("/boards/new");
    await page.getByLabel("Title").fill("Probe");
    await page.getByLabel(/^Name/).fill(names.board);
    await page.getByRole("button", { name: "Create board" }).click();
    await expect(page.getByText("A board with that name exists already")).toBeVisible();
    const board = await page.locator("main form").first().innerText();
    await page.goto(`/manage/integrations/${myIntegration.id}`);
    await page.getByLabel("Name", { exact: true }).fill(names.integration);
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("An integration with that name exists already")).toBeVisible();
    const integration = await page.locator("main form").first().innerText();
    return { board: board.replace(names.board, "NAME"), integration: integration.replace(names.integration, "NAME") };
  };
  const seenHidden = await probes(hidden);
  expect(seenHidden.createBoard.status).toBe(409);
  expect(seenHidden).toEqual(await probes(shared));
  expect(seenHidden.createBoard.body + seenHidden.renameIntegration.body).not.toContain("Secret plans");
  const formHidden = await forms(hidden);
  expect(formHidden.board).toContain("A board with that name exists already");
  expect(formHidden.integration).toContain("An integration with that name exists already");
  expect(formHidden).toEqual(await forms(shared));

  // Opening a hidden board or integration is a 404 like a missing one.
  const missing = await answer(await page.request.get(`/api/boards/nothing-${stamp()}`));
  expect(await answer(await page.request.get(`/api/boards/${hidden.board}`))).toEqual(missing);
  const [hiddenIntegration] = await sql`select id from integrations where name = ${hidden.integration}`;
  expect((await page.request.get(`/api/integrations/${hiddenIntegration.id}`)).status()).toBe(404);

  expect(await snapshot()).toEqual(before);
});
