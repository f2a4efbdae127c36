// AUTH_OIDC_ENABLE_DANGEROUS_ACCOUNT_LINKING: a provider sign-in may adopt a local account only through
// an email Porch itself confirmed, and the adopted account keeps nothing its previous holder could use.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { verifyCredentials } from "~/auth/credentials.server";
import { forgetDiscoveryForTests } from "~/auth/oidc/discovery.server";
import { createSession } from "~/auth/session.server";
import { setConfigForTests } from "~/config.server";
import { createApiKey } from "~/models/api-keys.server";
import { DAY } from "~/utils/time";
import { TEST_CONFIG, useTestDatabase } from "../fixtures/database";
import { CALLBACK, oidcConfigFor, oidcSignIn, PORCH, startTestOidcProvider } from "../fixtures/oidc";
import { makeUser } from "../fixtures/users";

const db = useTestDatabase();
let op: Awaited<ReturnType<typeof startTestOidcProvider>>;
const sql = () => db.sql();
const row = async (username: string) => (await sql()`select * from users where username = ${username}`)[0];
const policy = { expiryMs: 7 * DAY, maxLifetimeMs: 30 * DAY };
const actor = { userId: null, ip: "127.0.0.1", userAgent: "vitest" };

beforeAll(async () => {
  op = await startTestOidcProvider({ redirectUris: [CALLBACK] });
});
afterAll(() => op?.close());
/** OpenID Connect with linking on, plus `env` (AUTH_OIDC_* settings), and a fresh discovery. */
function linkingOn(env: Record<string, string> = {}) {
  setConfigForTests({
    ...TEST_CONFIG,
    baseUrl: new URL(PORCH),
    databaseUrl: db.url(),
    providers: ["credentials", "oidc"],
    oidc: oidcConfigFor(op.issuer, { AUTH_OIDC_ENABLE_DANGEROUS_ACCOUNT_LINKING: "true", ...env }),
  });
  forgetDiscoveryForTests();
}
beforeEach(() => linkingOn());

describe("account linking by email", () => {
  it("refuses to link a provider sign-in to a local account whose email Porch never confirmed (pre-hijack)", async () => {
    // An attacker registers first and types the victim's address on My account, unconfirmed.
    const squatter = await makeUser(sql(), { username: "squatter" });
    await sql()`update users set email = 'carol@example.com' where id = ${squatter.id}`;
    const before = await row("squatter");
    const { finished } = await oidcSignIn("carol"); // the provider's carol, carol@example.com, verified there
    expect(finished.status).toBe(302);
    const carol = await row("carol");
    expect(carol).toMatchObject({ provider: "oidc", externalId: `${op.issuer}#carol` });
    expect(carol.id).not.toBe(squatter.id);
    expect(await row("squatter")).toEqual(before); // untouched: same password, still a local account
    const [{ n }] = await sql()`select count(*)::int as n from sessions where user_id = ${squatter.id}`;
    expect(n).toBe(0);
  });

  it("links to a confirmed email only, and the adopted account keeps no password, session or key from before", async () => {
    const local = await makeUser(sql(), { username: "olivia-local" });
    await sql()`update users set email = 'olivia@example.com', email_verified_at = now() where id = ${local.id}`;
    const { token: oldSession } = await createSession(sql(), local.id, { remember: true }, policy);
    await createApiKey(sql(), actor, {
      userId: local.id,
      description: "before linking",
      permissions: [],
      actAsOwner: true,
      expiresAt: null,
    });

    await oidcSignIn("olivia");
    const linked = await row("olivia-local");
    expect(linked).toMatchObject({ id: local.id, provider: "oidc", externalId: `${op.issuer}#olivia`, passwordHash: null });
    expect(await row("olivia")).toBeUndefined();
    // Only the session this sign-in started is left; the old password and keys are dead.
    const sessions = await sql()`select id from sessions where user_id = ${local.id}`;
    expect(sessions.map((s) => s.id)).not.toContain(oldSession.split(".")[0]);
    expect(sessions).toHaveLength(1);
    const [{ live }] = await sql()`select count(*)::int as live from api_keys where user_id = ${local.id} and revoked_at is null`;
    expect(live).toBe(0);
    expect(await verifyCredentials(sql(), "olivia-local", local.password)).toMatchObject({ ok: false });
    const [audit] = await sql()`select details from audit_log where action = 'user.linked' and target_id = ${local.id}`;
    expect(audit.details).toMatchObject({ provider: "oidc", passwordRemoved: true, sessionsEnded: 1, apiKeysRevoked: 1 });
  });

  async function victim() {
    const local = await makeUser(sql());
    await sql()`update users set email = 'victim@example.com', email_verified_at = now() where id = ${local.id}`;
    return sql()`select * from users where id = ${local.id}`.then((r) => r[0]);
  }

  it("refuses email_verified from the id_token for another address from userinfo (mixed claim sources)", async () => {
    const before = await victim();
    linkingOn({ AUTH_OIDC_FORCE_USERINFO: "true" });
    await oidcSignIn("mixy");
    expect(await row(before.username)).toEqual(before);
    expect(await row("mixy")).toMatchObject({ provider: "oidc", email: "victim@example.com" });
    await sql()`delete from users where id = ${before.id}`;
  });

  it("refuses email_verified as a word about another claim than email (AUTH_OIDC_EMAIL_CLAIM)", async () => {
    const before = await victim();
    linkingOn({ AUTH_OIDC_EMAIL_CLAIM: "preferred_username" });
    await oidcSignIn("upnuser");
    expect(await row(before.username)).toEqual(before);
    await sql()`delete from users where id = ${before.id}`;
  });
});
