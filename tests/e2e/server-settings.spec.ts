import { expect, test } from "./fixtures";

// Runs in the last stage of each project, alone: it flips guest access for the whole instance.
test.describe.configure({ mode: "serial" });

const stamp = () => Date.now().toString(36) + Math.random().toString(36).slice(2, 5);

test("guest access off: public boards ask guests to sign in; the default home board greets guests when on", async ({
  page,
  login,
  sql,
  playwright,
  baseURL,
}) => {
  const name = `lobby-${stamp()}`;
  await sql`insert into boards (name, title, is_public) values (${name}, 'Lobby', true)`;
  await login({ permissions: ["admin"] });
  await page.goto("/manage/settings");
  await page.getByLabel("Default home board").selectOption({ label: `Lobby (${name}, public)` });
  await page.getByLabel("Allow guests to see public boards").uncheck();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Settings saved.");

  const guest = await playwright.request.newContext({ baseURL, maxRedirects: 0 });
  try {
    expect((await guest.get(`/boards/${name}`)).status()).toBe(302);
    expect((await guest.get("/boards")).status()).toBe(302);
    expect((await guest.get("/")).headers().location).toMatch(/^\/auth\/login/);
    expect((await guest.get("/api/boards")).status()).toBe(401);
    // Signed-in people still see public boards.
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Lobby" })).toBeVisible();

    await page.goto("/manage/settings");
    await page.getByLabel("Allow guests to see public boards").check();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByRole("status")).toHaveText("Settings saved.");
    expect((await guest.get(`/boards/${name}`)).status()).toBe(200);
    const home = await guest.get("/");
    expect(home.status()).toBe(200);
    expect(await home.text()).toContain("Lobby");

    const audit = await sql`select details from audit_log where action = 'settings.changed' order by id desc limit 2`;
    expect(audit[1].details.guestAccess).toEqual({ from: true, to: false });
  } finally {
    await sql`delete from server_settings where key in ('guest_access', 'default_board_id')`;
    await guest.dispose();
  }
});

test("guessing API keys from one address is throttled, for every instance, and audited", async ({ sql, playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL });
  await sql`delete from auth_throttle where key like 'api-key-ip:%'`; // earlier tests' failures count too
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const guess = `porch_${"a".repeat(16)}_${i
        .toString()
        .padStart(48, "b")
        .replace(/[01890]/g, "c")}`;
      statuses.push((await api.get("/api/me", { headers: { Authorization: `Bearer ${guess}` } })).status());
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
    const [{ n }] =
      await sql`select count(*)::int as n from audit_log where action = 'api-key.failed' and details->>'reason' = 'unknown id'`;
    expect(n).toBeGreaterThanOrEqual(20);
  } finally {
    await sql`delete from auth_throttle where key like 'api-key-ip:%'`;
    await api.dispose();
  }
});
