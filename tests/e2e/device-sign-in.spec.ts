import { ipKey } from "~/auth/throttle.server";
import { axeFindings } from "./axe";
import { expect, test, UNUSED_PASSWORD } from "./fixtures";

// Issue #22 part 3 (ADR 039): a TV shows a code; someone signed in on a phone enters it on /activate,
// sees which device asks, approves; the TV, noticing by reloading itself, gets a session of its own.
// A second browser context plays the TV.

const CODE = /[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}/;

test.afterEach(({ sql }) => sql`delete from auth_throttle where key in (${ipKey("127.0.0.1")}, 'device:127.0.0.1')`.then(() => {}));

test("a TV signs in with a code approved on a phone: its own session, listed as approved from the phone, signed out from there", async ({
  page,
  browser,
  login,
  sql,
  javaScriptEnabled,
}) => {
  const me = await login();
  const tv = await browser.newContext({ javaScriptEnabled });
  const screen = await tv.newPage();
  await screen.goto("/auth/login");
  await screen.getByRole("link", { name: "Sign in with a code from another device" }).click();
  await screen.getByRole("button", { name: "Show a code" }).click();
  const code = (await screen.locator("p.font-mono").textContent())!;
  expect(code).toMatch(CODE);
  await expect(screen.getByText("Waiting for the approval")).toBeVisible();
  // Without JavaScript it reloads itself; with it, a script asks quietly instead (a screen reader isn't sent back to the top).
  expect(await screen.content()).toMatch(/<noscript><meta http-equiv="refresh" content="5"\/?><\/noscript>/);
  await expect(screen.getByRole("img", { name: /QR code/ })).toBeVisible();
  if (javaScriptEnabled) expect(await axeFindings(screen, "the waiting TV")).toEqual([]);

  // Typed sloppily on the phone: lower case, no dash.
  await page.goto("/activate");
  await page.getByLabel("Code").fill(code.replace("-", "").toLowerCase());
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Sign in this device as you?" })).toBeVisible();
  await expect(page.getByText("127.0.0.1")).toBeVisible();
  await expect(page.getByText("Approve only a code you see on a screen in front of you.")).toBeVisible();
  if (javaScriptEnabled) expect(await axeFindings(page, "the approval")).toEqual([]);
  // The phone's last proof is 11 minutes old: approving asks for the password first, then goes through.
  await sql`update sessions set elevated_at = now() - interval '11 minutes' where user_id = ${me.id}`;
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByText("To sign in a device as you, prove it's you again")).toBeVisible();
  await page.getByLabel("Your password").fill(UNUSED_PASSWORD);
  await page.getByRole("button", { name: "Confirm and continue" }).click();
  await expect(page.getByText("Approved: the device signs in within a few seconds.")).toBeVisible();

  // The TV notices by itself (its script, or its reload without JavaScript) and is signed in.
  await expect(screen).toHaveURL(/\/$/, { timeout: 15_000 });
  expect((await (await tv.request.get("/api/me")).json()).user.username).toBe(me.username);
  const cookies = await tv.cookies();
  expect(cookies.map((c) => c.name)).toContain("porch_session");
  expect(cookies.map((c) => c.name)).not.toContain("porch_device");
  const sessions = await sql`select proof, approved_from, elevated_at from sessions where user_id = ${me.id} order by created_at`;
  expect(sessions).toHaveLength(2);
  expect(sessions[1]).toMatchObject({ proof: "device-code", elevated_at: null });
  expect(sessions[1].approved_from).toMatch(/^Chrome on Linux, 127\.0\.0\.1$/);
  const actions = await sql`select action from audit_log where actor_user_id = ${me.id} and action like 'auth.%' order by id`;
  expect(actions.map((a) => a.action)).toEqual(["auth.device.approved", "auth.sign-in"]);
  expect(sessions[1].approved_from).not.toBeNull();

  await page.goto("/settings/sessions");
  await expect(page.getByText("Approved from Chrome on Linux, 127.0.0.1")).toBeVisible();
  await page.getByRole("button", { name: "Sign out Chrome on Linux", exact: true }).click();
  await expect(page.getByText("That session has ended.")).toBeVisible();
  await screen.goto("/");
  await expect(screen).toHaveURL(/\/auth\/login/);
  await tv.close();
});

test("refused on the phone, the TV says so and its code works no more; a mistyped code gets a message beside the field", async ({
  page,
  browser,
  login,
  javaScriptEnabled,
}) => {
  await login();
  const tv = await browser.newContext({ javaScriptEnabled });
  const screen = await tv.newPage();
  await screen.goto("/auth/device");
  await screen.getByRole("button", { name: "Show a code" }).click();
  const code = (await screen.locator("p.font-mono").textContent())!;

  await page.goto("/activate");
  await page.getByLabel("Code").fill("ABCD-1234");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText("Enter the 8 letters the device shows, like BCDF-GHJK.")).toBeVisible();
  await expect(page.getByLabel("Code")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Code").fill(code);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Refuse" }).click();
  await expect(page.getByText("Refused: that device isn't signed in")).toBeVisible();

  await expect(screen.getByRole("alert")).toHaveText("That sign-in was refused on the other device.", { timeout: 15_000 });
  await expect(screen.getByRole("button", { name: "Show a code" })).toBeVisible();
  await page.goto("/activate");
  await page.getByLabel("Code").fill(code);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText("No device is waiting with that code.")).toBeVisible();
  await tv.close();
});

test(
  "device sign-in over HTTP: the code is worth nothing without the TV's cookie, works once, asks a stale session to confirm, and guessing locks like passwords",
  { tag: "@http" },
  async ({ page, login, sql, baseURL, playwright }) => {
    const origin = new URL(baseURL!).origin;
    const me = await login();
    const tv = await playwright.request.newContext({ baseURL });
    const asked = await tv.post("/auth/device", { headers: { Origin: origin }, form: { intent: "start" }, maxRedirects: 0 });
    expect(asked.status()).toBe(302);
    expect(asked.headers()["set-cookie"]).toMatch(/porch_device=[a-z2-7]{32}\.[a-z2-7]{32};.*HttpOnly/i);
    const code = (await (await tv.get("/auth/device")).text()).match(CODE)![0];
    const deviceCookie = (await tv.storageState()).cookies.find((c) => c.name === "porch_device")!.value;
    const [row] = await sql`select * from device_sign_ins order by created_at desc limit 1`;
    expect(JSON.stringify(row)).not.toContain(code.replace("-", ""));

    // Someone who saw the code over a shoulder, in another browser: there is no way to trade it for a session.
    const onlooker = await playwright.request.newContext({ baseURL });
    const theirs = await onlooker.get(`/auth/device?code=${code}`);
    expect(await theirs.text()).toContain("Show a code");
    expect(theirs.headers()["set-cookie"] ?? "").not.toContain("porch_session");

    // Approving on a session whose last proof is old asks to confirm first; nothing is approved meanwhile.
    await sql`update sessions set elevated_at = now() - interval '11 minutes' where user_id = ${me.id}`;
    const stale = await page.request.post("/activate", {
      headers: { Origin: origin },
      form: { intent: "approve", device: code, remember: "on" },
      maxRedirects: 0,
    });
    expect(stale.status()).toBe(302);
    expect(stale.headers().location).toMatch(/^\/auth\/confirm\?request=/);
    expect((await sql`select approved_at from device_sign_ins where id = ${row.id}`)[0].approved_at).toBeNull();
    await sql`update sessions set elevated_at = now() where user_id = ${me.id}`;
    const approved = await page.request.post("/activate", {
      headers: { Origin: origin },
      form: { intent: "approve", device: code, remember: "on" },
      maxRedirects: 0,
    });
    expect(approved.status()).toBe(302);
    expect(await onlooker.get("/auth/device", { maxRedirects: 0 }).then((r) => r.status())).toBe(200);

    // Only the TV's cookie collects it, once.
    const signedIn = await tv.get("/auth/device", { maxRedirects: 0 });
    expect(signedIn.status()).toBe(302);
    expect(signedIn.headers()["set-cookie"]).toMatch(/porch_session=/);
    const me2 = await (await tv.get("/api/me")).json();
    expect(me2.user.username).toBe(me.username);
    // The same cookie again (a copy of it, or a second tab): used up.
    const copy = await onlooker.get("/auth/device", { headers: { Cookie: `porch_device=${deviceCookie}` }, maxRedirects: 0 });
    expect(copy.status()).toBe(200);
    expect(await copy.text()).toContain("That code expired or was already used.");
    expect((await sql`select count(*)::int as n from sessions where user_id = ${me.id}`)[0].n).toBe(2);

    // Approved but not collected, then "Sign out everywhere else": the approval goes with the other
    // sessions, and the Sessions page showed it meanwhile (attack37).
    const tv2 = await playwright.request.newContext({ baseURL });
    await tv2.post("/auth/device", { headers: { Origin: origin }, form: { intent: "start" } });
    const code2 = (await (await tv2.get("/auth/device")).text()).match(CODE)![0];
    const approve2 = await page.request.post("/activate", {
      headers: { Origin: origin },
      form: { intent: "approve", device: code2 },
      maxRedirects: 0,
    });
    expect(approve2.status()).toBe(302);
    expect(await (await page.request.get("/settings/sessions")).text()).toContain("Approved with a code, not signed in yet");
    await page.request.post("/settings/sessions", { headers: { Origin: origin }, form: { intent: "revoke-others" } });
    expect(await (await tv2.get("/auth/device/state")).json()).toEqual({ state: "gone" });
    const late = await tv2.get("/auth/device", { maxRedirects: 0 });
    expect(late.status()).toBe(200);
    expect(late.headers()["set-cookie"] ?? "").not.toContain("porch_session=");
    // One approval cancelled on its own from Sessions (attack38), and only by its approver.
    await tv2.post("/auth/device", { headers: { Origin: origin }, form: { intent: "start" } });
    const code3 = (await (await tv2.get("/auth/device")).text()).match(CODE)![0];
    await page.request.post("/activate", { headers: { Origin: origin }, form: { intent: "approve", device: code3 }, maxRedirects: 0 });
    const [waiting] = await sql`select id from device_sign_ins where approved_by = ${me.id} and used_at is null`;
    const cancelled = await page.request.post("/settings/sessions", {
      headers: { Origin: origin },
      form: { intent: "cancel-approval", request: waiting.id },
    });
    expect(await cancelled.text()).toContain("Cancelled: that device won&#x27;t be signed in.");
    expect(await (await tv2.get("/auth/device/state")).json()).toEqual({ state: "gone" });
    await tv2.dispose();

    // Guessing: every lookup is a sign-in attempt on the account (5 by default), then the account is locked.
    const guess = (c: string) => page.request.post("/activate", { headers: { Origin: origin }, form: { intent: "find", device: c } });
    for (const last of "CDFG") {
      const wrong = await guess(`BBBB-BBB${last}`);
      expect(wrong.status()).toBe(400);
      expect(await wrong.text()).toContain("No device is waiting with that code.");
    }
    expect(await (await guess("BBBB-BBBH")).text()).toContain("Too many attempts");
    const locked = await guess(code);
    expect(locked.status()).toBe(400);
    expect(await locked.text()).toContain("Too many attempts");
    expect(await locked.text()).not.toContain("No device is waiting");
    const [failure] = await sql`select details from audit_log where action = 'auth.check.failed' and actor_user_id = ${me.id} limit 1`;
    expect(failure.details).toMatchObject({ check: "sign-in code" });
    await sql`delete from auth_throttle where key = (select 'account:' || username_key from users where id = ${me.id})`;
    await Promise.all([tv.dispose(), onlooker.dispose()]);
  },
);
