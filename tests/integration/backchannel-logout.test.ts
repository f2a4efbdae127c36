import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { decodeJwt, exportJWK, generateKeyPair, importJWK, SignJWT, UnsecuredJWT, type JWTPayload } from "jose";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { applyBackchannelLogout, providerLoggedOut } from "~/auth/oidc/backchannel.server";
import { discover, forgetDiscoveryForTests } from "~/auth/oidc/discovery.server";
import { createSession } from "~/auth/session.server";
import { createSql } from "~/db.server";
import { DAY, HOUR } from "~/utils/time";
import { providerLogoutUrl } from "~/auth/oidc/flow.server";
import { codeAt, stepAt } from "~/auth/totp";
import { setConfigForTests } from "~/config.server";
import { answerRequest, askForCode } from "~/models/device-sign-ins.server";
import { beginEnrollment, confirmEnrollment, twoFactorState } from "~/models/two-factor.server";
import { sendWebResponse, toWebRequest } from "~/server/node-http.server";
import { createPipeline } from "~/server/pipeline.server";
import { appBuild } from "../fixtures/app-build";
import { TEST_CONFIG, useTestDatabase } from "../fixtures/database";
import { Browser, CALLBACK, oidcConfigFor, oidcSignIn, PORCH, startTestOidcProvider, TEST_CLIENT } from "../fixtures/oidc";
import { contextFor, cookieFrom, formPost, run } from "../fixtures/routes";

// OpenID Connect Back-Channel Logout against a real oidc-provider: logging out there POSTs a logout token
// to Porch over HTTP, through Porch's own request pipeline. What an attacker tries: a forged, re-sent or
// misdirected token, or an id_token passed off as one; each must end nothing.

const db = useTestDatabase();
const PATH = "/api/auth/backchannel-logout/oidc";
let op: Awaited<ReturnType<typeof startTestOidcProvider>>;
let porch: Server;
let porchUrl: string;

beforeAll(async () => {
  const pipeline = createPipeline(appBuild());
  // Where a reverse proxy would stand: Porch's own Node adapter, answering for BASE_URL's host.
  porch = createServer((req, res) => {
    req.headers.host = new URL(PORCH).host;
    req.rawHeaders.forEach((name, i) => {
      if (i % 2 === 0 && name.toLowerCase() === "host") req.rawHeaders[i + 1] = req.headers.host!;
    });
    void pipeline(toWebRequest(req, res), "127.0.0.1").then((response) => sendWebResponse(res, response));
  });
  await new Promise<void>((resolve) => porch.listen(0, "127.0.0.1", resolve));
  porchUrl = `http://127.0.0.1:${(porch.address() as AddressInfo).port}`;
  op = await startTestOidcProvider({
    redirectUris: [CALLBACK],
    postLogoutRedirectUris: [`${PORCH}/auth/login?signedOut=1`],
    backchannelLogoutUri: `${porchUrl}${PATH}`,
  });
});
afterAll(async () => {
  await op.close();
  porch.closeAllConnections();
  await new Promise((resolve) => porch.close(resolve));
});
beforeEach(() => {
  setConfigForTests({
    ...TEST_CONFIG,
    baseUrl: new URL(PORCH),
    databaseUrl: db.url(),
    providers: ["credentials", "oidc"],
    oidc: oidcConfigFor(op.issuer),
  });
  forgetDiscoveryForTests();
});

const sessionsOf = async (username: string) =>
  db.sql()<{ id: string; oidcSid: string | null; idToken: string | null }[]>`
    select s.id, s.oidc_sid, s.id_token from sessions s join users u on u.id = s.user_id where u.username = ${username} order by s.created_at`;

/** The person logs out at the provider (RP-initiated logout, then its confirmation form). */
async function logOutAtProvider(browser: Browser, idToken: string) {
  const { response } = await browser.atProvider((await providerLogoutUrl(idToken))!);
  const html = await response.text();
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
  const action = /<form[^>]+action="([^"]+)"/.exec(html)?.[1];
  if (!xsrf || !action) throw new Error(`no logout form: ${html.slice(0, 200)}`);
  await browser.atProvider(new URL(action, op.issuer).toString(), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ xsrf, logout: "yes" }).toString(),
  });
}

/** A logout token as the provider would sign it (its own key), with `claims` changed; `null` drops one. */
async function logoutToken(claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
  const base: JWTPayload = {
    iss: op.issuer,
    aud: TEST_CLIENT.id,
    iat: Math.floor(Date.now() / 1000),
    jti: crypto.randomUUID(),
    events: { "http://schemas.openid.net/event/backchannel-logout": {} },
  };
  const payload = Object.fromEntries(Object.entries({ ...base, ...claims }).filter(([, v]) => v !== null));
  const key = await importJWK(op.jwk, "RS256");
  return new SignJWT(payload).setProtectedHeader({ alg: "RS256", kid: op.jwk.kid, typ: "logout+jwt", ...header }).sign(key);
}

/** Turns two-factor sign-in on for an account that signed in once: its id and the authenticator's key. */
async function withTwoFactor(username: string) {
  const [{ id: userId }] = await db.sql()`select id from users where username = ${username}`;
  const user = { id: userId, username };
  await beginEnrollment(db.sql(), user as never);
  const key = decodeBase32IgnorePadding((await twoFactorState(db.sql(), user as never)).pending!.secret);
  await confirmEnrollment(db.sql(), { ip: null, userAgent: null, userId }, codeAt(key, stepAt(new Date())));
  return { userId: userId as string, key };
}

const post = (body: string, type = "application/x-www-form-urlencoded") =>
  fetch(`${porchUrl}${PATH}`, { method: "POST", headers: { "Content-Type": type }, body });
const send = (token: string) => post(new URLSearchParams({ logout_token: token }).toString());

describe("OpenID Connect back-channel logout", () => {
  it("logging out at the provider ends the Porch session it started, at once, and no other", async () => {
    const first = await oidcSignIn("olivia");
    const second = await oidcSignIn("olivia");
    const [one, two] = await sessionsOf("olivia");
    expect(one.oidcSid).toBeTruthy();
    expect(two.oidcSid).toBeTruthy();
    expect(one.oidcSid).not.toBe(two.oidcSid);
    expect(cookieFrom(first.finished, "porch_session")).toBeTruthy();
    await logOutAtProvider(first.browser, one.idToken!);
    expect((await sessionsOf("olivia")).map((s) => s.id)).toEqual([two.id]);
    const [audit] =
      await db.sql()`select actor_type, details from audit_log where action = 'auth.backchannel-logout' order by id desc limit 1`;
    expect(audit).toMatchObject({ actorType: "system", details: { ended: 1, by: "sid" } });
    void second;
  });

  it("a session finished with a second factor is still the provider's to log out", async () => {
    await oidcSignIn("carol");
    const { userId, key } = await withTwoFactor("carol");
    await db.sql()`delete from sessions where user_id = ${userId}`;
    const { finished, browser } = await oidcSignIn("carol");
    expect(finished.headers.get("location")).toBe("/auth/2fa");
    const pending = cookieFrom(finished, "porch_2fa")!;
    const { action } = await import("~/routes/auth.2fa");
    const code = codeAt(key, stepAt(new Date()) + 1);
    await run(() =>
      action({ request: formPost("/auth/2fa", { code }, `porch_2fa=${pending}`), context: contextFor(undefined), params: {} } as never),
    );
    const [session] = await sessionsOf("carol");
    expect(session.oidcSid).toBeTruthy();
    await logOutAtProvider(browser, session.idToken!);
    expect(await sessionsOf("carol")).toEqual([]);
  });

  it("refuses a session to a sign-in whose provider session was logged out while it waited at the code step (attack40)", async () => {
    await oidcSignIn("mixy");
    const { userId, key } = await withTwoFactor("mixy");
    await db.sql()`delete from sessions where user_id = ${userId}`;
    const { finished } = await oidcSignIn("mixy");
    const pending = cookieFrom(finished, "porch_2fa")!;
    const [{ idToken }] = await db.sql()`select id_token from pending_sign_ins where user_id = ${userId}`;
    const sid = decodeJwt(idToken).sid;
    expect((await send(await logoutToken({ sub: "mixy", sid }))).status).toBe(200);
    const { action } = await import("~/routes/auth.2fa");
    const code = codeAt(key, stepAt(new Date()) + 1);
    await run(() =>
      action({ request: formPost("/auth/2fa", { code }, `porch_2fa=${pending}`), context: contextFor(undefined), params: {} } as never),
    );
    expect(await sessionsOf("mixy")).toEqual([]);
    const [refusal] = await db.sql()`
      select details->>'reason' as reason from audit_log where action = 'auth.sign-in.failed' and target_id = ${userId} order by id desc limit 1`;
    expect(refusal.reason).toMatch(/logged this sign-in out/);
  });

  it("refuses to let a sign-in and a logout of the same provider session pass each other unseen (attack41)", async () => {
    const [user] =
      await db.sql()`insert into users (username, provider, external_id) values (${`race${Date.now()}`}, 'oidc', ${`${op.issuer}#racer`}) returning id`;
    const sid = `race-sid-${Date.now()}`;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // A sign-in's transaction: checked, session made with the sid, not committed yet.
    const signingIn = db.sql().begin(async (tx) => {
      expect(await providerLoggedOut(tx, sid)).toBeNull();
      const made = await createSession(tx, user.id, { remember: false }, { expiryMs: DAY, maxLifetimeMs: DAY });
      await tx`update sessions set oidc_sid = ${sid} where id = ${made.session.id}`;
      await held;
    });
    const other = createSql(db.url());
    const claims = { sub: "racer", sid, jti: crypto.randomUUID(), acceptedUntil: new Date(Date.now() + HOUR) };
    const loggingOut = applyBackchannelLogout(other, op.issuer, claims, { ip: null, userAgent: null });
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await signingIn;
    // The logout waited for the sign-in, then saw and ended its session.
    expect(await loggingOut).toBe(1);
    await other.end();
  });

  it("ends a TV's session approved from a session the provider logs out (attack40)", async () => {
    const phone = await oidcSignIn("olivia");
    const [session] = (await sessionsOf("olivia")).slice(-1);
    const asked = await askForCode(db.sql(), { ip: "198.51.100.20", userAgent: "SmartTV" });
    const [{ userId }] = await db.sql()`select user_id from sessions where id = ${session.id}`;
    await answerRequest(db.sql(), asked.code, {
      approve: true,
      userId,
      sessionId: session.id,
      approvedFrom: "a phone",
      remember: true,
    });
    const { loader } = await import("~/routes/auth.device");
    const collected = await run(() =>
      loader({
        request: new Request(`${PORCH}/auth/device`, { headers: { cookie: `porch_device=${asked.token}` } }),
        context: contextFor(undefined),
        params: {},
      } as never),
    );
    const tv = cookieFrom(collected, "porch_session");
    expect(tv).toBeTruthy();
    const tvId = tv!.split(".")[0];
    expect((await sessionsOf("olivia")).map((s) => s.id)).toContain(tvId);
    await logOutAtProvider(phone.browser, session.idToken!);
    expect((await sessionsOf("olivia")).map((s) => s.id)).not.toContain(tvId);
    expect((await sessionsOf("olivia")).map((s) => s.id)).not.toContain(session.id);
  });

  it("a logout token naming only the person (sub) ends all their sessions; one naming someone unknown ends nothing", async () => {
    await oidcSignIn("alice");
    await oidcSignIn("alice");
    await oidcSignIn("bob");
    expect((await send(await logoutToken({ sub: "nobody-here" }))).status).toBe(200);
    expect(await sessionsOf("alice")).toHaveLength(2);
    expect((await send(await logoutToken({ sub: "alice" }))).status).toBe(200);
    expect(await sessionsOf("alice")).toEqual([]);
    expect(await sessionsOf("bob")).toHaveLength(1);
  });

  it("refuses a sid with another person's sub: it ends neither's session", async () => {
    await oidcSignIn("dave");
    const [session] = await sessionsOf("dave");
    expect((await send(await logoutToken({ sub: "bob", sid: session.oidcSid }))).status).toBe(200);
    expect(await sessionsOf("dave")).toHaveLength(1);
  });

  it("refuses forged, misdirected, stale and malformed tokens with a 400 and the reason, ending nothing", async () => {
    await oidcSignIn("selfmade");
    const [session] = await sessionsOf("selfmade");
    const sid = session.oidcSid;
    const { privateKey: strangerKey } = await generateKeyPair("RS256", { extractable: true });
    const strangerJwk = { ...(await exportJWK(strangerKey)), kid: op.jwk.kid };
    const now = Math.floor(Date.now() / 1000);
    const cases: Array<[string, string | Promise<string>, RegExp]> = [
      [
        "signed by a key the provider doesn't publish",
        new SignJWT({
          iss: op.issuer,
          aud: TEST_CLIENT.id,
          iat: now,
          jti: "x1",
          sid,
          events: { "http://schemas.openid.net/event/backchannel-logout": {} },
        })
          .setProtectedHeader({ alg: "RS256", kid: strangerJwk.kid })
          .sign(await importJWK(strangerJwk, "RS256")),
        /signature/,
      ],
      [
        "unsigned (alg none)",
        new UnsecuredJWT({
          iss: op.issuer,
          aud: TEST_CLIENT.id,
          iat: now,
          jti: "x2",
          sid,
          events: { "http://schemas.openid.net/event/backchannel-logout": {} },
        }).encode(),
        /malformed|algorithm/,
      ],
      [
        "HMAC with the client secret",
        new SignJWT({
          iss: op.issuer,
          aud: TEST_CLIENT.id,
          iat: now,
          jti: "x3",
          sid,
          events: { "http://schemas.openid.net/event/backchannel-logout": {} },
        })
          .setProtectedHeader({ alg: "HS256" })
          .sign(new TextEncoder().encode(TEST_CLIENT.secret)),
        /algorithm/,
      ],
      ["for another client", logoutToken({ sid, aud: "someone-else" }), /aud/],
      ["from another issuer", logoutToken({ sid, iss: "https://evil.example" }), /iss/],
      ["with several audiences and no azp", logoutToken({ sid, aud: [TEST_CLIENT.id, "other"] }), /azp/],
      ["without the logout event", logoutToken({ sid, events: null }), /events/],
      ["with another event", logoutToken({ sid, events: { "https://example.com/other": {} } }), /events/],
      ["with a nonce, like an id_token", logoutToken({ sid, nonce: "n" }), /nonce/],
      ["naming nobody", logoutToken({}), /neither/],
      ["without a jti", logoutToken({ sid, jti: null }), /jti/],
      ["issued an hour ago", logoutToken({ sid, iat: now - 3600 }), /expired|iat/],
      ["issued in the future", logoutToken({ sid, iat: now + 3600 }), /iat/],
      ["expired", logoutToken({ sid, exp: now - 120 }), /expired/],
      ["typed as an access token", logoutToken({ sid }, { typ: "at+jwt" }), /typ/],
      ["a sid that isn't a string", logoutToken({ sid: { $ne: null } }), /sid/],
      ["not a JWT at all", "not.a.jwt", /malformed/],
    ];
    for (const [what, token, reason] of cases) {
      const answer = await send(await token);
      const body = (await answer.json()) as { error: string; error_description: string };
      expect({ what, status: answer.status, error: body.error }).toEqual({ what, status: 400, error: "invalid_request" });
      expect(body.error_description, what).toMatch(reason);
      expect(answer.headers.get("cache-control"), what).toContain("no-store");
    }
    // An id_token Porch holds, sent as a logout token: no logout event, and a nonce.
    expect((await send(session.idToken!)).status).toBe(400);
    expect((await post("logout_token=")).status).toBe(400);
    expect((await post(`logout_token=${await logoutToken({ sid })}`, "application/json")).status).toBe(415);
    expect(await sessionsOf("selfmade")).toHaveLength(1);
  });

  it("refuses to let a stranger fill the log or the disk: reasons are short, bodies small (attack40)", async () => {
    const huge = await logoutToken({ sid: "x" }, { typ: "A".repeat(10_000) });
    const answer = await send(huge);
    expect(answer.status).toBe(400);
    const { error_description: said } = (await answer.json()) as { error_description: string };
    expect(said.length).toBeLessThan(250);
    expect((await post(`logout_token=${"a".repeat(40_000)}`)).status).toBe(413);
  });

  it("answers 503 when the provider's keys can't be fetched, so a provider that retries does (attack40)", async () => {
    const gone = await startTestOidcProvider({ redirectUris: [CALLBACK] });
    const oidc = oidcConfigFor(gone.issuer);
    setConfigForTests({ ...TEST_CONFIG, baseUrl: new URL(PORCH), databaseUrl: db.url(), providers: ["credentials", "oidc"], oidc });
    forgetDiscoveryForTests();
    await discover(oidc);
    const payload = {
      iss: gone.issuer,
      aud: TEST_CLIENT.id,
      iat: Math.floor(Date.now() / 1000),
      jti: crypto.randomUUID(),
      sub: "alice",
      events: { "http://schemas.openid.net/event/backchannel-logout": {} },
    };
    const token = await new SignJWT(payload)
      .setProtectedHeader({ alg: "RS256", kid: gone.jwk.kid })
      .sign(await importJWK(gone.jwk, "RS256"));
    await gone.close();
    const answer = await send(token);
    expect(answer.status).toBe(503);
    expect(((await answer.json()) as { error: string }).error).toBe("temporarily_unavailable");
  });

  it("answers anything but POST with 405", async () => {
    const answer = await fetch(`${porchUrl}${PATH}`);
    expect(answer.status).toBe(405);
    expect(answer.headers.get("allow")).toBe("POST");
  });

  it("refuses the same logout token twice (jti), so a captured one can't end a later session", async () => {
    await oidcSignIn("caser");
    const [session] = await sessionsOf("caser");
    const token = await logoutToken({ sub: "caser", sid: session.oidcSid });
    expect((await send(token)).status).toBe(200);
    expect(await sessionsOf("caser")).toEqual([]);
    // The same provider session signs in again at Porch (same sid): the old token must not end it.
    await oidcSignIn("caser");
    const replayed = await send(token);
    expect(replayed.status).toBe(400);
    expect(((await replayed.json()) as { error_description: string }).error_description).toMatch(/already used/);
    expect(await sessionsOf("caser")).toHaveLength(1);
  });

  it("answers 404 when OpenID Connect is off", async () => {
    setConfigForTests({ ...TEST_CONFIG, baseUrl: new URL(PORCH), databaseUrl: db.url(), providers: ["credentials"], oidc: null });
    expect((await send(await logoutToken({ sub: "alice" }))).status).toBe(404);
  });
});
