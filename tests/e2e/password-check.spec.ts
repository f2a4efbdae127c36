import { createSession } from "~/auth/session.server";
import { createApiKey } from "~/models/api-keys.server";
import { createInvite } from "~/models/invites.server";
import { createResetLink } from "~/models/password-resets.server";
import { DAY } from "~/utils/time";
import { expect, test, waitForApp } from "./fixtures";

// The live password hint asks the server (POST /api/password-check, ADR 029): browsers load no estimator.
// An endpoint that runs a 35 MB estimator on whatever it is sent is only for people choosing a password.

const system = { userId: null, ip: null, userAgent: null };
const stamp = () => Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
const STRONG = "violet cactus umbrella thunder";

test(
  "refuses to check passwords for anyone not choosing one: strangers, forged, used and expired links",
  { tag: "@http" },
  async ({ playwright, baseURL, sql }) => {
    const api = await playwright.request.newContext({ baseURL });
    const check = (headers: Record<string, string> = {}) =>
      api.post("/api/password-check", { headers: { Origin: new URL(baseURL!).origin, ...headers }, data: { password: STRONG } });
    const [user] = await sql`insert into users (username) values (${`pc_${stamp()}`}) returning id`;
    const reset = await createResetLink(sql, system, user.id);
    const { id: inviteId, token: invite } = await createInvite(sql, system, DAY);
    const { id: expiredId, token: expired } = await createInvite(sql, system, DAY);
    await sql`update invites set expires_at = now() - interval '1 minute' where id = ${expiredId}`;

    const refused: Record<string, string>[] = [
      {},
      { "Porch-Link": `reset ${"a".repeat(32)}` },
      { "Porch-Link": `invite ${"b".repeat(32)}` },
      { "Porch-Link": `invite ${expired}` },
      { "Porch-Link": `invite ${reset}` }, // a reset token is no invite
      { "Porch-Link": `reset ${invite}` },
      { "Porch-Link": `reset  ${reset}` },
      { "Porch-Link": `${reset}` },
    ];
    for (const headers of refused) {
      const response = await check(headers);
      expect(response.status(), JSON.stringify(headers)).toBe(401);
      expect(await response.json()).toEqual({ error: expect.any(String) });
    }
    for (const link of [`reset ${reset}`, `invite ${invite}`]) {
      const response = await check({ "Porch-Link": link });
      expect(response.status(), link).toBe(200);
      expect(await response.json()).toMatchObject({ ok: true, strength: "strong" });
    }
    // An API key chooses no password in a browser (found by the attacker: it could run the estimator too).
    const [owner] = await sql`insert into users (username) values (${`pck_${stamp()}`}) returning id`;
    const { token: key } = await createApiKey(sql, system, {
      userId: owner.id,
      description: "hint",
      permissions: [],
      actAsOwner: true,
      expiresAt: null,
    });
    expect((await check({ Authorization: `Bearer ${key}` })).status()).toBe(403);
    // The link is spent once used: its holder may no longer ask.
    await sql`update invites set used_at = now() where id = ${inviteId}`;
    expect((await check({ "Porch-Link": `invite ${invite}` })).status()).toBe(401);
    await api.dispose();
  },
);

test(
  "answers with the policy's verdict for a signed-in person, and never says the password back",
  { tag: "@http" },
  async ({ page, login }) => {
    const me = await login();
    const headers = { Origin: new URL(test.info().project.use.baseURL!).origin };
    const check = async (data: unknown) => {
      const response = await page.request.post("/api/password-check", { headers, data });
      return { status: response.status(), cache: response.headers()["cache-control"], text: await response.text() };
    };
    const common = await check({ password: "password123" });
    expect(common.status).toBe(200);
    expect(common.cache).toBe("no-store");
    expect(common.text).not.toContain("password123");
    expect(JSON.parse(common.text)).toEqual({
      ok: false,
      problems: ["This is one of the 10 000 most common passwords: choose another"],
      strength: null,
      hint: "Strength: very weak (one of the most common passwords).",
    });
    expect(JSON.parse((await check({ password: `x${me.username}x-ok-fine`, username: me.username })).text)).toMatchObject({
      ok: false,
      problems: ["Don't put your username in your password"],
    });
    expect(JSON.parse((await check({ password: "short" })).text)).toMatchObject({ ok: false, hint: "Strength: too short." });
    expect(JSON.parse((await check({ password: "y".repeat(300) })).text)).toMatchObject({
      ok: false,
      problems: ["Use at most 256 characters"],
    });
    const strong = await check({ password: STRONG });
    expect(JSON.parse(strong.text)).toEqual({ ok: true, problems: [], strength: "strong", hint: "Strength: strong." });
    expect(strong.text).not.toContain("cactus");

    // Junk gets a 4xx and a sentence, never the value back.
    for (const data of [{ password: 12345678 }, {}, { password: "z".repeat(2000) }, { password: STRONG, username: ["a"] }]) {
      const answer = await check(data);
      expect(answer.status, JSON.stringify(data).slice(0, 40)).toBe(400);
      expect(answer.text).not.toContain("zzzz");
    }
    const notJson = await page.request.post("/api/password-check", { headers: { ...headers, "Content-Type": "text/plain" }, data: STRONG });
    expect(notJson.status()).toBe(415);
    expect(await notJson.text()).not.toContain("cactus");
    // Only POST: a GET would put the password in a URL.
    expect((await page.request.get(`/api/password-check?password=${encodeURIComponent(STRONG)}`)).status()).toBe(405);
  },
);

test(
  "refuses more than 60 checks a minute from one person, who is told when to try again",
  { tag: "@http" },
  async ({ playwright, baseURL, sql }) => {
    const session = async () => {
      const [u] = await sql`insert into users (username) values (${`pcr_${stamp()}`}) returning id`;
      const { token } = await createSession(sql, u.id, { remember: false }, { expiryMs: DAY, maxLifetimeMs: DAY });
      return playwright.request.newContext({
        baseURL,
        extraHTTPHeaders: { Cookie: `porch_session=${token}`, Origin: new URL(baseURL!).origin },
      });
    };
    const [busy, other] = [await session(), await session()];
    const statuses: number[] = [];
    // Short ones: they never reach the estimator, whose own instance-wide time budget is another limit.
    for (let i = 0; i < 61; i++) statuses.push((await busy.post("/api/password-check", { data: { password: `pw${i}` } })).status());
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    const last = await busy.post("/api/password-check", { data: { password: STRONG } });
    expect(last.status()).toBe(429);
    expect(Number(last.headers()["retry-after"])).toBeGreaterThan(0);
    expect((await other.post("/api/password-check", { data: { password: STRONG } })).status()).toBe(200);
    await busy.dispose();
    await other.dispose();
  },
);

test("the hint follows the typing on a page sent without JavaScript (reset) and on one reached by navigating (My account)", async ({
  page,
  login,
  browser,
  baseURL,
  sql,
}) => {
  test.skip(
    test.info().project.use.javaScriptEnabled === false,
    "without JavaScript the server answers on submit (password-policy.spec.ts)",
  );
  const username = `hint_${stamp()}`;
  const [user] = await sql`insert into users (username) values (${username}) returning id`;
  const reset = await createResetLink(sql, system, user.id);
  const theirs = await (await browser.newContext({ baseURL })).newPage();
  const scripts: string[] = [];
  theirs.on("request", (r) => r.resourceType() === "script" && scripts.push(new URL(r.url()).pathname));
  await theirs.goto(`/auth/reset/${reset}`);
  await waitForApp(theirs);
  const field = theirs.getByLabel("New password", { exact: true });
  await field.pressSequentially("password1");
  await expect(theirs.getByText("Strength: very weak (one of the most common passwords).")).toBeVisible();
  await field.fill(`${username}-and-more`);
  await expect(theirs.getByText("Strength: very weak (it holds the username).")).toBeVisible();
  await field.fill(STRONG);
  await expect(theirs.getByText("Strength: strong.")).toBeVisible();
  await field.fill("");
  await expect(theirs.getByText(/^Strength:/)).toHaveCount(0);
  expect(scripts).toEqual(["/password-hint.js"]);
  await theirs.context().close();

  await login({ permissions: ["admin"] });
  await page.goto("/");
  await waitForApp(page);
  await page.getByTestId("current-user").click();
  const mine = page.getByLabel("New password", { exact: true });
  await mine.fill("correct horse battery staple");
  await expect(page.getByText("Strength: strong.")).toBeVisible();

  // An admin resetting someone's password is told about *their* username, as the form will be (attack7).
  await page.goto(`/manage/users/${user.id}`);
  await waitForApp(page);
  const theirNew = page.getByRole("form", { name: "Reset password" }).getByLabel("New password", { exact: true });
  await theirNew.fill(`${username}Kettle-Zebra-99`);
  await expect(page.getByText("Strength: very weak (it holds the username).")).toBeVisible();
});
