// Cookie tossing: a sibling subdomain (evil.example.com next to porch.example.com) can set cookies for
// the parent domain, and browsers send them to Porch under whatever name it chose. Over https every
// cookie Porch reads carries the __Host- prefix, which a browser accepts only from Porch's own host.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPendingSignIn } from "~/auth/pending-sign-in.server";
import { forgetDiscoveryForTests } from "~/auth/oidc/discovery.server";
import { finishOidcSignIn, startOidcSignIn } from "~/auth/oidc/flow.server";
import { setConfigForTests } from "~/config.server";
import { TEST_CONFIG, useTestDatabase } from "../fixtures/database";
import { Browser, guestContext, loginAtProvider, oidcConfigFor, PORCH, startTestOidcProvider, CALLBACK } from "../fixtures/oidc";
import { makeUser } from "../fixtures/users";

const db = useTestDatabase();
let op: Awaited<ReturnType<typeof startTestOidcProvider>>;

beforeAll(async () => {
  op = await startTestOidcProvider({ redirectUris: [CALLBACK] });
});
afterAll(() => op?.close());
beforeEach(() => {
  // Secure cookies, as over https (AUTH_SECURE_COOKIES, or an https BASE_URL).
  setConfigForTests({
    ...TEST_CONFIG,
    baseUrl: new URL(PORCH),
    databaseUrl: db.url(),
    secureCookies: true,
    providers: ["credentials", "oidc"],
    oidc: oidcConfigFor(op.issuer),
  });
  forgetDiscoveryForTests();
});

/** Name and value of each cookie a response sets. */
const cookiesOf = (response: Response) =>
  response.headers.getSetCookie().map((c) => {
    const pair = c.split(";")[0];
    return { name: pair.slice(0, pair.indexOf("=")), value: pair.slice(pair.indexOf("=") + 1), raw: c };
  });
const sessionsOf = async (username: string) =>
  (await db.sql()`select count(*)::int as n from sessions s join users u on u.id = s.user_id where u.username = ${username}`)[0]
    .n as number;

describe("cookie tossing over https", () => {
  it("sets every sign-in cookie with the __Host- prefix, Secure, Path=/ and no Domain", async () => {
    const browser = new Browser();
    const started = await startOidcSignIn(browser.request(`${PORCH}/auth/oidc?redirectTo=%2Fboards`), guestContext());
    const set = cookiesOf(started);
    expect(set.length).toBe(2); // the flow's state and where to come back to
    for (const c of set) {
      expect(c.name, c.raw).toMatch(/^__Host-porch_/);
      expect(c.raw).toMatch(/; Secure/i);
      expect(c.raw).toMatch(/Path=\//i);
      expect(c.raw).not.toMatch(/Domain=/i);
    }
  });

  it("refuses an OIDC state planted by a sibling subdomain: no sign-in as the attacker (login CSRF)", async () => {
    // The attacker starts a sign-in in their own browser and finishes it at the provider as mallory…
    const attacker = new Browser();
    const started = await startOidcSignIn(attacker.request(`${PORCH}/auth/oidc`), guestContext());
    attacker.take(PORCH, started);
    const callback = await loginAtProvider(attacker, started.headers.get("location")!, "mallory");
    const state = cookiesOf(started).find((c) => c.name.includes("porch_oidc"))!;
    // …then, from evil.example.com, plants that state for the parent domain under a name a sibling can
    // set, and sends the victim to the callback.
    const before = await sessionsOf("Mallory");
    const victim = new Request(callback, { headers: { cookie: `porch_oidc:planted=${state.value}` } });
    const finished = await finishOidcSignIn(victim, guestContext());
    expect(finished.headers.get("location")).toBe("/auth/login?error=expired");
    expect(cookiesOf(finished).some((c) => c.name.endsWith("porch_session") && c.value)).toBe(false);
    expect(await sessionsOf("Mallory")).toBe(before);
  });

  it("refuses a two-factor step planted by a sibling subdomain", async () => {
    const { loader } = await import("~/routes/auth.2fa");
    const attacker = await makeUser(db.sql());
    const token = await createPendingSignIn(db.sql(), { userId: attacker.id, remember: false });
    const planted = new Request(`${PORCH}/auth/2fa`, { headers: { cookie: `porch_2fa=${token}` } });
    const answer = await loader({ request: planted, context: guestContext(), params: {} } as never).catch((thrown) => thrown as Response);
    expect(answer).toBeInstanceOf(Response);
    expect((answer as Response).headers.get("location")).toBe("/auth/login");
    // The step itself still works under the name only Porch's own host can set.
    const own = new Request(`${PORCH}/auth/2fa`, { headers: { cookie: `__Host-porch_2fa=${token}` } });
    expect(await loader({ request: own, context: guestContext(), params: {} } as never)).toEqual({ passkeys: false });
  });
});
