import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { discover, forgetDiscoveryForTests } from "~/auth/oidc/discovery.server";
import { finishOidcSignIn, providerLogoutUrl, startOidcSignIn } from "~/auth/oidc/flow.server";
import { verifyIdToken } from "~/auth/oidc/id-token.server";
import { setConfigForTests } from "~/config.server";
import { TEST_CONFIG, useTestDatabase } from "../fixtures/database";
import {
  Browser,
  CALLBACK,
  guestContext,
  loginAtProvider,
  oidcConfigFor,
  PORCH,
  startTestOidcProvider,
  TEST_CLIENT,
} from "../fixtures/oidc";
import { makeUser } from "../fixtures/users";

const db = useTestDatabase();
let op: Awaited<ReturnType<typeof startTestOidcProvider>>;

function useOidc(overrides: Record<string, string> = {}) {
  const oidc = oidcConfigFor(op.issuer, overrides);
  setConfigForTests({ ...TEST_CONFIG, baseUrl: new URL(PORCH), databaseUrl: db.url(), providers: ["credentials", "oidc"], oidc });
  forgetDiscoveryForTests();
  return oidc;
}

/** The whole browser round trip: Porch → provider login form → Porch's callback. */
async function signIn(login: string, browser = new Browser()) {
  const started = await startOidcSignIn(browser.request(`${PORCH}/auth/oidc?redirectTo=%2Fboards`), guestContext());
  browser.take(PORCH, started);
  const authorization = started.headers.get("location")!;
  const callback = await loginAtProvider(browser, authorization, login);
  const finished = await finishOidcSignIn(browser.request(callback), guestContext());
  browser.take(PORCH, finished);
  return { started, authorization, callback, finished, browser };
}

const userByName = async (name: string) => (await db.sql()`select * from users where username = ${name}`)[0];
const groupsOf = async (userId: string) =>
  (
    await db.sql()`select g.name from group_members gm join groups g on g.id = gm.group_id where gm.user_id = ${userId} order by g.name`
  ).map((r) => r.name);
const lastFailure = async () =>
  (await db.sql()`select details->>'reason' as reason from audit_log where action = 'auth.sign-in.failed' order by id desc limit 1`)[0]
    ?.reason;

beforeAll(async () => {
  op = await startTestOidcProvider({ redirectUris: [CALLBACK], postLogoutRedirectUris: [`${PORCH}/auth/login?signedOut=1`] });
});
afterAll(() => op.close());
beforeEach(() => {
  useOidc();
});

describe("OpenID Connect sign-in against a real provider", () => {
  it("first sign-in creates the user with groups from the claim; later ones update; the session keeps the id_token", async () => {
    const sql = db.sql();
    await sql`insert into groups (name) values ('family'), ('admins') on conflict do nothing`;
    // "family" by an admin's mapping for OIDC, "admins" by AUTH_OIDC_ADMIN_GROUP (porch-admins).
    await sql`insert into group_directory_mappings (group_id, provider, directory_group) select id, 'oidc', 'family' from groups where name = 'family'`;
    const { authorization, finished } = await signIn("alice");
    const params = new URL(authorization).searchParams;
    expect(params.get("code_challenge_method")).toBe("S256");
    expect(params.get("nonce")).toMatch(/^[\w-]{43}$/);
    expect(params.get("redirect_uri")).toBe(CALLBACK);
    expect(finished.status).toBe(302);
    expect(finished.headers.get("location")).toBe("/boards");
    const alice = await userByName("alice");
    expect(alice).toMatchObject({
      provider: "oidc",
      email: "alice@example.com",
      displayName: "Alice Liddell",
      avatarUrl: "https://img.example/alice.png",
    });
    expect(alice.externalId).toBe(`${op.issuer}#alice`);
    expect(await groupsOf(alice.id)).toEqual(expect.arrayContaining(["family", "admins", "everyone"]));
    const [session] = await sql`select id_token from sessions where user_id = ${alice.id}`;
    expect(session.idToken).toMatch(/^ey/);

    await sql`update users set display_name = 'old', avatar_url = null where id = ${alice.id}`;
    await signIn("alice");
    expect(await userByName("alice")).toMatchObject({
      id: alice.id,
      displayName: "Alice Liddell",
      avatarUrl: "https://img.example/alice.png",
    });
  });

  it("reads groups from a nested claim, and keeps them local when asked to", async () => {
    const sql = db.sql();
    await sql`insert into groups (name) values ('media') on conflict do nothing`;
    // Only an admin's mappings for OIDC ("Directory groups" on a group's page) give groups.
    await sql`insert into groups (name) values ('streamers')`;
    await sql`
      insert into group_directory_mappings (group_id, provider, directory_group)
      select id, 'oidc', 'media' from groups where name in ('media', 'streamers')
      union all select id, 'oidc', 'family' from groups where name = 'family' on conflict do nothing`;
    useOidc({ AUTH_OIDC_GROUPS_CLAIM: "realm_access.roles" });
    await signIn("bob");
    const bob = await userByName("bob");
    expect(await groupsOf(bob.id)).toEqual(expect.arrayContaining(["family", "media", "streamers"]));
    useOidc({ AUTH_OIDC_GROUPS_CLAIM: "realm_access.roles", AUTH_OIDC_GROUPS_LOCAL_MANAGEMENT: "true" });
    await sql`delete from group_members where user_id = ${bob.id} and source = 'oidc' and group_id = (select id from groups where name = 'media')`;
    await signIn("bob");
    expect(await groupsOf(bob.id)).not.toContain("media"); // not synced again
  });

  it("links to an existing local account by email only when the email is verified and linking is on", async () => {
    const sql = db.sql();
    const carol = await makeUser(sql, { username: "carol-local" });
    // Porch confirmed carol-local's address by mail (only such an address may be adopted).
    await sql`update users set email = 'carol@example.com', email_verified_at = now() where id = ${carol.id}`;
    const dave = await makeUser(sql, { username: "dave" });
    await sql`update users set email = 'dave@example.com', email_verified_at = now() where id = ${dave.id}`;

    useOidc();
    await signIn("carol");
    expect((await userByName("carol"))?.provider).toBe("oidc"); // linking off: a new account
    await sql`delete from users where username = 'carol'`;

    useOidc({ AUTH_OIDC_ENABLE_DANGEROUS_ACCOUNT_LINKING: "true" });
    await signIn("carol");
    expect(await userByName("carol")).toBeUndefined();
    expect(await userByName("carol-local")).toMatchObject({ id: carol.id, provider: "oidc", externalId: `${op.issuer}#carol` });

    // Dave's email isn't verified: no linking, and his name is taken by the local account.
    const { finished } = await signIn("dave");
    // Only a code travels in the URL; the login page has the sentence ("A Porch account with your name exists already…").
    expect(finished.headers.get("location")).toBe("/auth/login?error=name-taken");
    expect(await lastFailure()).toBe("oidc username-taken-by-local-account");
    expect((await userByName("dave")).provider).toBe("credentials");
  });

  it("takes claims from userinfo when the id_token lacks them", async () => {
    const lean = await startTestOidcProvider({ redirectUris: [CALLBACK], claimsInIdToken: false });
    try {
      setConfigForTests({
        ...TEST_CONFIG,
        baseUrl: new URL(PORCH),
        databaseUrl: db.url(),
        providers: ["oidc"],
        oidc: oidcConfigFor(lean.issuer),
      });
      forgetDiscoveryForTests();
      const browser = new Browser();
      const started = await startOidcSignIn(browser.request(`${PORCH}/auth/oidc`), guestContext());
      browser.take(PORCH, started);
      const callback = await loginAtProvider(browser, started.headers.get("location")!, "mallory");
      const finished = await finishOidcSignIn(browser.request(callback), guestContext());
      expect(finished.headers.get("location")).toBe("/");
      // No preferred_username anywhere: the name claim falls back to `name`.
      expect(await userByName("Mallory")).toMatchObject({ email: "mallory@example.com" });
    } finally {
      await lean.close();
    }
  });

  it("RP-initiated logout goes to the provider with the id_token as hint", async () => {
    await signIn("alice");
    const alice = await userByName("alice");
    const [{ idToken }] = await db.sql()`select id_token from sessions where user_id = ${alice.id} order by created_at desc limit 1`;
    const url = new URL((await providerLogoutUrl(idToken))!);
    expect(url.origin + url.pathname).toBe(`${op.issuer}/session/end`);
    expect(url.searchParams.get("id_token_hint")).toBe(idToken);
    expect(url.searchParams.get("post_logout_redirect_uri")).toBe(`${PORCH}/auth/login?signedOut=1`);
  });

  it("a provider that is down: a clear message, never a crash", async () => {
    setConfigForTests({
      ...TEST_CONFIG,
      baseUrl: new URL(PORCH),
      databaseUrl: db.url(),
      providers: ["oidc"],
      oidc: oidcConfigFor("http://127.0.0.1:9"),
    });
    forgetDiscoveryForTests();
    const response = await startOidcSignIn(new Request(`${PORCH}/auth/oidc`), guestContext());
    expect(response.headers.get("location")).toBe("/auth/login?error=unavailable");
    expect(await lastFailure()).toMatch(/openid-configuration can't be reached/);
  });
});

describe("OpenID Connect attacks", () => {
  it("refuses a tampered state, a missing state cookie, and a replayed code", async () => {
    const browser = new Browser();
    const started = await startOidcSignIn(browser.request(`${PORCH}/auth/oidc`), guestContext());
    browser.take(PORCH, started);
    const callback = await loginAtProvider(browser, started.headers.get("location")!, "alice");

    const tampered = new URL(callback);
    tampered.searchParams.set("state", "forged-state");
    expect((await finishOidcSignIn(browser.request(tampered.toString()), guestContext())).headers.get("location")).toBe(
      "/auth/login?error=expired",
    );
    expect(await lastFailure()).toMatch(/^state mismatch/);
    expect((await finishOidcSignIn(new Request(callback), guestContext())).headers.get("location")).toBe("/auth/login?error=expired");
    expect(await lastFailure()).toMatch(/^state cookie missing/);

    expect((await finishOidcSignIn(browser.request(callback), guestContext())).headers.get("location")).toBe("/");
    const replay = await finishOidcSignIn(browser.request(callback), guestContext());
    expect(replay.headers.get("location")).toMatch(/^\/auth\/login\?error=failed/);
    expect(await lastFailure()).toMatch(/invalid_grant|grant/i);
  });

  it("refuses a code finished in another browser (the nonce is bound to the code verifier)", async () => {
    const victim = new Browser();
    const attacker = new Browser();
    const started = await startOidcSignIn(victim.request(`${PORCH}/auth/oidc`), guestContext());
    victim.take(PORCH, started);
    const attackerStart = await startOidcSignIn(attacker.request(`${PORCH}/auth/oidc`), guestContext());
    attacker.take(PORCH, attackerStart);
    const attackerCallback = await loginAtProvider(attacker, attackerStart.headers.get("location")!, "mallory");
    // The victim's browser is made to finish the attacker's sign-in, with the victim's own state cookie.
    const victimState = new URL(started.headers.get("location")!).searchParams.get("state")!;
    const swapped = new URL(attackerCallback);
    swapped.searchParams.set("state", victimState);
    const result = await finishOidcSignIn(victim.request(swapped.toString()), guestContext());
    expect(result.headers.get("location")).toMatch(/^\/auth\/login\?error=failed/);
    expect(await lastFailure()).toMatch(/invalid_grant|nonce/);
  });

  describe("id_token checks", () => {
    const nonce = "expected-nonce";
    const claims = () => ({ sub: "alice", nonce });
    const sign = async (
      key: CryptoKey,
      payload: Record<string, unknown>,
      options: { kid?: string; iss?: string; aud?: string | string[]; exp?: number | string; iat?: number } = {},
    ) =>
      new SignJWT(payload)
        .setProtectedHeader({ alg: "RS256", kid: options.kid ?? "test-key-1" })
        .setIssuer(options.iss ?? op.issuer)
        .setAudience(options.aud ?? TEST_CLIENT.id)
        .setIssuedAt(options.iat)
        .setExpirationTime(options.exp ?? "5m")
        .sign(key);

    it("accepts the real thing, and refuses every forgery", async () => {
      const config = useOidc();
      const metadata = await discover(config);
      const { importJWK } = await import("jose");
      const realKey = (await importJWK(op.jwk, "RS256")) as CryptoKey;
      const { privateKey: otherKey } = await generateKeyPair("RS256");
      await expect(verifyIdToken(await sign(realKey, claims()), metadata, config, nonce)).resolves.toMatchObject({ sub: "alice" });

      const cases: Array<[string, Promise<string> | string, RegExp]> = [
        ["signed by another key", sign(otherKey, claims()), /signature doesn't verify/],
        ["another key id", sign(otherKey, claims(), { kid: "unknown" }), /key the provider doesn't publish/],
        ["wrong aud", sign(realKey, claims(), { aud: "someone-else" }), /aud is wrong/],
        ["wrong iss", sign(realKey, claims(), { iss: "https://evil.example" }), /iss is wrong/],
        [
          "expired",
          sign(realKey, claims(), { exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200 }),
          /expired/,
        ],
        ["wrong nonce", sign(realKey, { sub: "alice", nonce: "another" }), /nonce/],
        [
          "issued a year from now",
          sign(realKey, claims(), { iat: Math.floor(Date.now() / 1000) + 365 * 86400, exp: Math.floor(Date.now() / 1000) + 366 * 86400 }),
          /iat is wrong/,
        ],
        [
          "issued 27 hours from now",
          sign(realKey, claims(), { iat: Math.floor(Date.now() / 1000) + 27 * 3600, exp: Math.floor(Date.now() / 1000) + 28 * 3600 }),
          /iat is wrong/,
        ],
        [
          "issued two days ago, still unexpired",
          sign(realKey, claims(), { iat: Math.floor(Date.now() / 1000) - 2 * 86400, exp: Math.floor(Date.now() / 1000) + 3600 }),
          /expired/,
        ],
        ["two audiences without azp", sign(realKey, claims(), { aud: [TEST_CLIENT.id, "other"] }), /azp/],
        [
          "alg: none",
          new UnsecuredJWT(claims()).setIssuer(op.issuer).setAudience(TEST_CLIENT.id).setIssuedAt().setExpirationTime("5m").encode(),
          /algorithm|malformed|verify/,
        ],
      ];
      for (const [what, token, reason] of cases) {
        await expect(verifyIdToken(await token, metadata, config, nonce), what).rejects.toThrow(reason);
      }
      void exportJWK;
    });
  });
});

describe("auto-login", () => {
  it("sends the login page straight to the provider, except after an error or when another method is chosen", async () => {
    const { loader } = await import("~/routes/auth.login");
    useOidc({ AUTH_OIDC_AUTO_LOGIN: "true" });
    const visit = async (path: string) => {
      try {
        // The page's data, unwrapped from data(…, init) (the loader also clears a flash message's cookie).
        return (await loader({ request: new Request(`${PORCH}${path}`), context: guestContext(), params: {} } as never)).data;
      } catch (thrown) {
        return thrown as Response;
      }
    };
    const straight = (await visit("/auth/login?redirectTo=%2Fboards")) as Response;
    expect(straight.status).toBe(302);
    expect(straight.headers.get("location")).toBe("/auth/oidc?redirectTo=%2Fboards");
    for (const escape of ["/auth/login?error=unavailable", "/auth/login?method=other", "/auth/login?signedOut=1"]) {
      expect(await visit(escape), escape).toMatchObject({ oidc: { name: "OpenID Connect" } });
    }
    expect(await visit("/auth/login?error=unavailable")).toMatchObject({ oidcError: expect.stringContaining("can't be reached") });
  });
});
