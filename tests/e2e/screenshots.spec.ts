import type { Page } from "@playwright/test";
import path from "node:path";
import postgres from "postgres";
import { expect, test } from "./fixtures";
import { ownDatabase, startPorch } from "./own-server";
import type { Running } from "./process";

// The README's screenshots (issue #19): the main pages at desktop and phone width, light and dark, taken
// from a Porch of its own with a tidy home lab in it. Every run takes them (so they can't rot); only
// `npm run screenshots` writes them into docs/screenshots/, to be committed.

const WRITE = process.env.PORCH_SCREENSHOTS === "write";
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let porch: (Running & { port: number }) | undefined;
let sql: postgres.Sql;

test.beforeAll(async ({}, testInfo) => {
  if (testInfo.project.name !== "deno") return;
  test.setTimeout(60_000);
  const url = await ownDatabase(testInfo, "porch_shots");
  porch = await startPorch(testInfo, { DATABASE_URL: url });
  sql = postgres(url, { max: 1, onnotice: () => {} });
});

test.afterAll(async () => {
  await sql?.end();
  porch?.child.kill("SIGTERM");
});

async function shoot(page: Page, name: string, size: typeof DESKTOP, scheme: "light" | "dark") {
  await page.setViewportSize(size);
  await page.emulateMedia({ colorScheme: scheme });
  const file = `${name}-${size === PHONE ? "phone" : "desktop"}-${scheme}.png`;
  await page.screenshot({ path: WRITE ? path.join("docs/screenshots", file) : test.info().outputPath(file), fullPage: size === PHONE });
}

test("the README's screenshots: sign-in, boards, a board and its edit mode, a user in Manage", async ({ page }) => {
  test.skip(test.info().project.name !== "deno", "once, on the production runtime");
  test.setTimeout(90_000);
  const base = `http://localhost:${porch!.port}`;
  // The first visit makes the administrator, as a new user does.
  await page.goto(`${base}/init`);
  await page.getByLabel("Username").fill("alex");
  await page.getByLabel("Password", { exact: true }).fill("a quiet homelab morning");
  await page.getByLabel("Confirm password").fill("a quiet homelab morning");
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page.getByTestId("current-user")).toHaveText("alex");

  const [alex] = await sql`update users set display_name = 'Alex Rivera' where username = 'alex' returning id`;
  const [media] = await sql`insert into groups (name, description) values ('family', 'Everyone at home') returning id`;
  for (const [username, name] of [
    ["sam", "Sam Rivera"],
    ["jo", "Jo Park"],
  ]) {
    const [u] =
      await sql`insert into users (username, display_name, email) values (${username}, ${name}, ${`${username}@home.example`}) returning id`;
    await sql`insert into group_members (group_id, user_id) values (${media.id}, ${u.id})`;
  }
  const [home] = await sql`
    insert into boards (name, title, creator_id, is_public) values ('home', 'Home', ${alex.id}, false) returning id`;
  await sql`insert into boards (name, title, creator_id) values ('media', 'Media', ${alex.id})`;
  await sql`insert into boards (name, title, creator_id) values ('network', 'Network', ${alex.id})`;
  const apps = [
    ["Jellyfin", "https://jellyfin.home.example/"],
    ["Home Assistant", "https://ha.home.example/"],
    ["Nextcloud", "https://cloud.home.example/"],
    ["Grafana", "https://grafana.home.example/"],
    ["Router", "http://192.168.1.1/"],
  ];
  for (const [i, [title, url]] of apps.entries()) {
    await sql`insert into board_items (board_id, position, kind, title, url) values (${home.id}, ${i + 1}, 'app', ${title}, ${url})`;
  }
  await sql`insert into board_items (board_id, position, kind, body) values (${home.id}, 6, 'note', 'Backups run at 03:00. Ask Alex before rebooting the NAS.')`;
  await sql`insert into board_group_permissions (board_id, group_id, level) values (${home.id}, ${media.id}, 'view')`;
  const [sam] = await sql`select id from users where username = 'sam'`;

  await page.goto(`${base}/boards/home`);
  for (const size of [DESKTOP, PHONE]) for (const scheme of ["light", "dark"] as const) await shoot(page, "board", size, scheme);
  await page.goto(`${base}/boards/home?mode=edit`);
  await shoot(page, "board-edit", DESKTOP, "light");
  await page.goto(`${base}/boards`);
  await shoot(page, "boards", PHONE, "light");
  await page.goto(`${base}/manage/users/${sam.id}`);
  await shoot(page, "user", DESKTOP, "dark");
  await page.context().clearCookies();
  await page.goto(`${base}/auth/login`);
  await shoot(page, "login", DESKTOP, "light");
  await shoot(page, "login", PHONE, "dark");
});
