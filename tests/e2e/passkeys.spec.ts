import type { Page } from "@playwright/test";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { hashPassword } from "~/auth/password.server";
import { codeAt, stepAt } from "~/auth/totp";
import { ipKey } from "~/auth/throttle.server";
import { expect, signIn, test } from "./fixtures";
import { addAuthenticator, addCredential, credentialsOf, removeAuthenticator } from "./passkey-authenticator";

// Issue #21: passkeys with a real browser and a real (virtual) authenticator, on localhost (WebAuthn
// needs a domain; the e2e servers' BASE_URL is http://localhost:<port>, so passkeys are on).

const PASSWORD = "passkeys are nicer";

async function passwordUser(sql: import("postgres").Sql, prefix: string) {
  const username = `${prefix}_${Math.random().toString(36).slice(2, 8)}`;
  const [user] = await sql`insert into users (username, password_hash) values (${username}, ${await hashPassword(PASSWORD)}) returning id`;
  await sql`insert into group_members (group_id, user_id) select id, ${user.id} from groups where name = 'everyone'`;
  return { id: user.id as string, username, password: PASSWORD };
}

/** Signs in with the password and adds a passkey named `name` on My account → Security. */
async function addPasskey(page: Page, user: { username: string; password: string }, name: string) {
  await page.goto("/auth/login");
  await signIn(page, user);
  await expect(page.getByTestId("current-user")).toHaveText(user.username);
  await page.goto("/settings/security");
  await page.getByLabel("Name (optional)").fill(name);
  await page.getByLabel("Password, to add a passkey").fill(user.password);
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByText("Passkey added.")).toBeVisible();
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
}

const auditOf = (sql: import("postgres").Sql, userId: string) =>
  sql<{ action: string; details: Record<string, unknown> }[]>`
    select action, details from audit_log where actor_user_id = ${userId} or target_id = ${userId} order by id`;

/**
 * A browser whose username field doesn't offer passkeys (no conditional mediation): the button is the
 * way. Chromium's virtual authenticator answers an autofill request at once, as a person choosing the
 * passkey there would, so a test of the button must not leave autofill waiting.
 */
const withoutAutofill = (page: Page) =>
  page.addInitScript(() => {
    PublicKeyCredential.isConditionalMediationAvailable = async () => false;
  });

test.describe("with JavaScript", () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "passkeys need the browser's WebAuthn");
  // Refused passkey answers count against the client's network like wrong passwords: these tests' refusals
  // must not throttle the other tests' sign-ins from the same address.
  test.afterEach(({ sql }) => sql`delete from auth_throttle where key = ${ipKey("127.0.0.1")}`.then(() => {}));
  test.beforeEach(({ page }, testInfo) => (testInfo.title.includes("autofill") ? undefined : withoutAutofill(page)));

  test("add a passkey (password first), sign in with it and no password, rename it, remove it: then it signs in no more", async ({
    page,
    sql,
  }) => {
    const user = await passwordUser(sql, "pk");
    const authenticator = await addAuthenticator(page);
    await page.goto("/auth/login");
    await signIn(page, user);
    await page.goto("/settings/security");
    await expect(page.getByText("You have no passkeys yet.")).toBeVisible();
    // A wrong password makes no passkey, on the server or on the device.
    await page.getByLabel("Password, to add a passkey").fill("not it");
    await page.getByRole("button", { name: "Add a passkey" }).click();
    await expect(page.getByText("That is not your password.")).toBeVisible();
    expect(await credentialsOf(authenticator)).toHaveLength(0);
    await page.getByLabel("Name (optional)").fill("Test laptop");
    await page.getByLabel("Password, to add a passkey").fill(user.password);
    await page.getByRole("button", { name: "Add a passkey" }).click();
    await expect(page.getByText("Passkey added.")).toBeVisible();
    await expect(page.getByText("Test laptop", { exact: true })).toBeVisible();
    await expect(page.getByText(/never used/)).toBeVisible();
    const [stored] = await credentialsOf(authenticator);
    expect(stored.isResidentCredential).toBe(true);
    expect(stored.rpId).toBe("localhost");
    expect(await sql`select name from webauthn_credentials where user_id = ${user.id}`).toEqual([{ name: "Test laptop" }]);

    await signOut(page);
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expect(page.getByTestId("current-user")).toHaveText(user.username);
    await page.goto("/settings/security");
    await expect(page.getByText(/last used .* on Chrome/)).toBeVisible();

    await page.getByRole("textbox", { name: "New name for Test laptop" }).fill("Desk");
    await page.getByRole("button", { name: "Rename" }).click();
    await expect(page.getByText("Passkey renamed.")).toBeVisible();
    // Removing asks for the password: a session left open must not take the owner's passkeys away.
    await page.getByLabel("Password, to remove Desk").fill("wrong");
    await page.getByRole("button", { name: "Remove" }).click();
    await expect(page.getByText("That is not your password.")).toBeVisible();
    await page.getByLabel("Password, to remove Desk").fill(user.password);
    await page.getByRole("button", { name: "Remove" }).click();
    await expect(page.getByText("Passkey removed.")).toBeVisible();
    await expect(page.getByText("You have no passkeys yet.")).toBeVisible();

    // The device still holds it; Porch no longer knows it.
    await signOut(page);
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expect(page.getByText("That passkey can't sign you in here.")).toBeVisible();
    await expect(page.getByTestId("current-user")).toHaveCount(0);
    const actions = (await auditOf(sql, user.id)).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["passkey.registered", "passkey.renamed", "passkey.removed", "auth.sign-in"]));
    const [signedIn] =
      await sql`select details from audit_log where action = 'auth.sign-in' and actor_user_id = ${user.id} and details->>'provider' = 'passkey'`;
    expect(signedIn).toBeTruthy();
  });

  test("a copied passkey whose counter goes backwards is refused and audited", async ({ page, sql }) => {
    const user = await passwordUser(sql, "pkclone");
    const original = await addAuthenticator(page);
    await addPasskey(page, user, "Original");
    await signOut(page);
    const [before] = await credentialsOf(original);
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expect(page.getByTestId("current-user")).toHaveText(user.username);
    const [after] = await credentialsOf(original);
    expect(after.signCount).toBeGreaterThan(before.signCount);
    await signOut(page);
    // The clone: the same key, its counter where it was before the last use.
    await removeAuthenticator(original);
    const clone = await addAuthenticator(page);
    await addCredential(clone, { ...before });
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expect(page.getByText("That passkey can't sign you in here.")).toBeVisible();
    await expect(page.getByTestId("current-user")).toHaveCount(0);
    const [anomaly] = await sql`select details from audit_log where action = 'passkey.counter-anomaly' and target_id = ${user.id}`;
    expect(anomaly.details.reason).toMatch(/^counter went from \d+ to \d+$/);
  });

  test("a passkey signs nobody in once its account is deactivated, or signs in through a directory", async ({ page, sql }) => {
    const user = await passwordUser(sql, "pkgone");
    await addAuthenticator(page);
    await addPasskey(page, user, "Laptop");
    await signOut(page);
    await sql`update users set status = 'inactive' where id = ${user.id}`;
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expect(page.getByText("That passkey can't sign you in here.")).toBeVisible();
    await sql`update users set status = 'active', provider = 'ldap' where id = ${user.id}`;
    await page.goto("/auth/login");
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expect(page).toHaveURL(/passkey=refused/);
    await expect(page.getByText("That passkey can't sign you in here.")).toBeVisible();
    await expect(page.getByTestId("current-user")).toHaveCount(0);
    const reasons = (
      await sql`select details->>'reason' as reason from audit_log where action = 'passkey.refused' and target_id = ${user.id} order by id`
    ).map((r) => r.reason);
    expect(reasons).toEqual(["the account is inactive", "the account signs in through ldap"]);
  });

  test("an administrator sees a person's passkeys and removes them (audited): they sign in no more", async ({
    page,
    sql,
    login,
    browser,
  }) => {
    const user = await passwordUser(sql, "pkadmin");
    await addAuthenticator(page);
    await addPasskey(page, user, "Old phone");
    await signOut(page);
    const adminPage = await (await browser.newContext({ baseURL: test.info().project.use.baseURL })).newPage();
    const admin = await login({ permissions: ["admin"], page: adminPage });
    await adminPage.goto(`/manage/users/${user.id}`);
    await expect(adminPage.getByRole("heading", { name: "Passkeys (1)" })).toBeVisible();
    await expect(adminPage.getByText("Old phone.")).toBeVisible();
    await adminPage.getByRole("button", { name: "Remove their passkeys" }).click();
    await expect(adminPage.getByText("Their passkeys are removed")).toBeVisible();
    await expect(adminPage.getByRole("heading", { name: /^Passkeys/ })).toHaveCount(0);
    await adminPage.context().close();
    const [row] =
      await sql`select details, actor_user_id::text as actor from audit_log where action = 'passkey.removed-by-admin' and target_id = ${user.id}`;
    expect(row).toEqual({ details: { count: 1 }, actor: admin.id });
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expect(page.getByText("That passkey can't sign you in here.")).toBeVisible();
  });

  test("a network that keeps failing passkey sign-ins is throttled like one guessing passwords", async ({ page, sql }) => {
    const user = await passwordUser(sql, "pkthrottle");
    await addAuthenticator(page);
    await addPasskey(page, user, "Laptop");
    await signOut(page);
    await sql`
      insert into auth_throttle (key, failures, window_start, locked_until) values (${ipKey("127.0.0.1")}, 100, now(), now() + interval '5 minutes')
      on conflict (key) do update set failures = 100, window_start = now(), locked_until = now() + interval '5 minutes'`;
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expect(page.getByText("Too many sign-in attempts from your network.")).toBeVisible();
    await expect(page.getByTestId("current-user")).toHaveCount(0);
    await sql`delete from auth_throttle where key = ${ipKey("127.0.0.1")}`;
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expect(page.getByTestId("current-user")).toHaveText(user.username);
  });

  test("with two-factor on, the step after the password takes a passkey instead of a code", async ({ page, sql }) => {
    const user = await passwordUser(sql, "pk2fa");
    await addAuthenticator(page);
    await addPasskey(page, user, "Laptop");
    await page.getByLabel("Your password").fill(user.password);
    await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
    const key = decodeBase32IgnorePadding(await page.getByTestId("totp-secret").innerText());
    await page.getByLabel("Code from your app").fill(codeAt(key, stepAt(new Date())));
    await page.getByRole("button", { name: "Turn on" }).click();
    await page.getByRole("link", { name: "I saved them" }).click();
    await signOut(page);
    await signIn(page, user);
    await expect(page).toHaveURL(/\/auth\/2fa$/);
    await page.getByRole("button", { name: "Use a passkey instead" }).click();
    await expect(page.getByTestId("current-user")).toHaveText(user.username);
    const [row] =
      await sql`select 1 from audit_log where action = 'auth.sign-in' and actor_user_id = ${user.id} and details->>'provider' = 'credentials+passkey'`;
    expect(row).toBeTruthy();
  });

  test("an answer made on another site (a page relaying it) or replayed is refused, with no session", async ({ page, sql, baseURL }) => {
    const user = await passwordUser(sql, "pkphish");
    await addAuthenticator(page);
    await addPasskey(page, user, "Phone");
    await signOut(page);

    // Replay: the very answer that just signed in, sent again with its browser's cookie.
    const posted = page.waitForRequest(
      (r) => r.url().endsWith("/auth/passkey") && r.method() === "POST" && !!r.postData()?.includes("response="),
    );
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    const original = await posted;
    await expect(page.getByTestId("current-user")).toHaveText(user.username);
    const replay = await fetch(`${baseURL}/auth/passkey`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: baseURL!,
        Cookie: (await original.allHeaders()).cookie ?? "",
      },
      body: original.postData(),
    });
    expect(replay.status).toBe(302);
    expect(replay.headers.get("location")).toMatch(/^\/auth\/login\?passkey=expired/);
    expect(replay.headers.getSetCookie().some((c) => c.startsWith("porch_session=") && !c.includes("Max-Age=0"))).toBe(false);

    // A look-alike page on another origin of the same domain (another port of localhost: same RP ID), which
    // asked Porch for a challenge itself and has the person's browser answer it.
    const options = await fetch(`${baseURL}/auth/passkey`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseURL! },
      body: "intent=passkey-options",
    });
    const challenge = (await options.json()).challenge as string;
    const cookie = options.headers.getSetCookie()[0].split(";")[0];
    const phishing = http.createServer((_, res) => res.end("<!doctype html><title>Porch</title><p>Sign in")).listen(0, "127.0.0.1");
    await new Promise((resolve) => phishing.once("listening", resolve));
    try {
      await page.goto(`http://localhost:${(phishing.address() as AddressInfo).port}/`);
      const answer = await page.evaluate(async (challenge) => {
        const bytes = Uint8Array.from(atob(challenge.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
        const credential = (await navigator.credentials.get({
          publicKey: { challenge: bytes, rpId: "localhost", userVerification: "required", timeout: 10_000 },
        })) as PublicKeyCredential;
        return credential.toJSON();
      }, challenge);
      const relayed = await fetch(`${baseURL}/auth/passkey`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseURL!, Cookie: cookie },
        body: new URLSearchParams({ intent: "passkey", response: JSON.stringify(answer) }).toString(),
      });
      expect(relayed.headers.get("location")).toMatch(/^\/auth\/login\?passkey=refused/);
      expect(relayed.headers.getSetCookie().some((c) => c.startsWith("porch_session=") && !c.includes("Max-Age=0"))).toBe(false);
    } finally {
      phishing.close();
    }
    const [wrongOrigin] = await sql`select details from audit_log where action = 'passkey.wrong-origin' and target_id = ${user.id}`;
    expect(wrongOrigin.details.reason).toMatch(/^made for http:\/\/localhost:\d+$/);
  });
});

test.describe("with JavaScript and autofill", () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "passkeys need the browser's WebAuthn");

  test("the username field's autofill offers the passkey: choosing it signs in", async ({ page, sql }) => {
    const user = await passwordUser(sql, "pkfill");
    await addAuthenticator(page);
    await addPasskey(page, user, "Autofill");
    await page.getByRole("button", { name: "Sign out" }).click();
    // The login page asks for a passkey through the field's autofill; the virtual authenticator picks it.
    await expect(page.getByTestId("current-user")).toHaveText(user.username);
    await expect(page.getByLabel("Username")).toHaveCount(0);
    await page.goto("/settings/security");
    await expect(page.getByText(/last used/)).toBeVisible();
  });
});

test.describe("without JavaScript", () => {
  test.skip(({ javaScriptEnabled }) => javaScriptEnabled !== false, "what a browser without JavaScript sees");

  test("no passkey button on the login page; Security says adding one needs JavaScript", async ({ page, sql }) => {
    const user = await passwordUser(sql, "pknojs");
    await page.goto("/auth/login");
    await expect(page.getByRole("button", { name: "Sign in with a passkey" })).toBeHidden();
    await signIn(page, user);
    await page.goto("/settings/security");
    await expect(page.getByText("Adding a passkey needs JavaScript and a browser that supports passkeys.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Add a passkey" })).toHaveCount(0);
  });
});
