import { describe, expect, it } from "vitest";
import { issueChallenge, redeemChallenge, type ChallengeSubject } from "~/auth/passkeys/challenges.server";
import { createSession } from "~/auth/session.server";
import { DAY, MINUTE } from "~/utils/time";
import { useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

// Issue #21 (ADR 037): a passkey ceremony's challenge is redeemed once, by the browser that asked, for
// the purpose and the person it was issued for, within five minutes, on any instance (PostgreSQL).

const db = useTestDatabase();
const SIGN_IN: ChallengeSubject = { userId: null, sessionId: null };

/** The request a browser sends back: the Cookie header holding what Set-Cookie gave it. */
const browserWith = (setCookie: string | null) =>
  new Request("http://localhost/", setCookie ? { headers: { cookie: setCookie.split(";")[0] } } : {});

describe("passkey challenges", () => {
  it("are redeemed once: a replayed answer finds nothing", async () => {
    const { challenge, cookie } = await issueChallenge(db.sql(), browserWith(null), "sign-in", SIGN_IN, false);
    expect(await redeemChallenge(db.sql(), browserWith(cookie), "sign-in", SIGN_IN, false)).toBe(challenge);
    expect(await redeemChallenge(db.sql(), browserWith(cookie), "sign-in", SIGN_IN, false)).toBeNull();
  });

  it("only for the browser whose cookie holds the secret", async () => {
    const { cookie } = await issueChallenge(db.sql(), browserWith(null), "sign-in", SIGN_IN, false);
    expect(await redeemChallenge(db.sql(), browserWith(null), "sign-in", SIGN_IN, false)).toBeNull();
    const [name, value] = cookie.split(";")[0].split("=");
    const forged = `${name}=${value.split(".")[0]}.${"a".repeat(32)}`;
    expect(await redeemChallenge(db.sql(), browserWith(forged), "sign-in", SIGN_IN, false)).toBeNull();
    // On https the cookie is __Host-porch_webauthn: the bare name a sibling subdomain could plant isn't read.
    expect(await redeemChallenge(db.sql(), browserWith(cookie), "sign-in", SIGN_IN, true)).toBeNull();
  });

  it("only for their purpose and their person's session", async () => {
    const alice = await makeUser(db.sql(), { username: "pk-alice" });
    const bob = await makeUser(db.sql(), { username: "pk-bob" });
    const policy = { expiryMs: DAY, maxLifetimeMs: DAY };
    const aliceSession = (await createSession(db.sql(), alice.id, { remember: false }, policy)).session.id;
    const bobSession = (await createSession(db.sql(), bob.id, { remember: false }, policy)).session.id;
    const subject = { userId: alice.id, sessionId: aliceSession };
    const { challenge, cookie } = await issueChallenge(db.sql(), browserWith(null), "register", subject, false);
    expect(await redeemChallenge(db.sql(), browserWith(cookie), "sign-in", SIGN_IN, false)).toBeNull();
    expect(await redeemChallenge(db.sql(), browserWith(cookie), "register", { userId: bob.id, sessionId: bobSession }, false)).toBeNull();
    expect(await redeemChallenge(db.sql(), browserWith(cookie), "register", { userId: alice.id, sessionId: bobSession }, false)).toBeNull();
    expect(await redeemChallenge(db.sql(), browserWith(cookie), "register", subject, false)).toBe(challenge);
  });

  it("expire after five minutes, and signing out ends a registration's", async () => {
    const now = new Date();
    const { cookie } = await issueChallenge(db.sql(), browserWith(null), "sign-in", SIGN_IN, false, now);
    expect(
      await redeemChallenge(db.sql(), browserWith(cookie), "sign-in", SIGN_IN, false, new Date(now.getTime() + 5 * MINUTE + 1)),
    ).toBeNull();

    const carol = await makeUser(db.sql(), { username: "pk-carol" });
    const session = (await createSession(db.sql(), carol.id, { remember: false }, { expiryMs: DAY, maxLifetimeMs: DAY })).session.id;
    const subject = { userId: carol.id, sessionId: session };
    const issued = await issueChallenge(db.sql(), browserWith(null), "register", subject, false);
    await db.sql()`delete from sessions where id = ${session}`;
    expect(await redeemChallenge(db.sql(), browserWith(issued.cookie), "register", subject, false)).toBeNull();
  });

  it("one per browser: a new ceremony drops the one it started before", async () => {
    const first = await issueChallenge(db.sql(), browserWith(null), "sign-in", SIGN_IN, false);
    const second = await issueChallenge(db.sql(), browserWith(first.cookie), "sign-in", SIGN_IN, false);
    expect(await redeemChallenge(db.sql(), browserWith(first.cookie), "sign-in", SIGN_IN, false)).toBeNull();
    expect(await redeemChallenge(db.sql(), browserWith(second.cookie), "sign-in", SIGN_IN, false)).toBe(second.challenge);
  });
});
