import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { describe, expect, it } from "vitest";
import { createSession, validateSessionToken } from "~/auth/session.server";
import { codeAt, stepAt, TOTP_STEP_MS } from "~/auth/totp";
import {
  beginEnrollment,
  confirmEnrollment,
  disableTwoFactor,
  PENDING_SETUP_MS,
  twoFactorState,
  usesTwoFactor,
  verifySecondFactor,
} from "~/models/two-factor.server";
import { DAY } from "~/utils/time";
import { useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

const db = useTestDatabase();
const client = { ip: "127.0.0.1", userAgent: "vitest" };

async function enrolled(now = new Date()) {
  const user = await makeUser(db.sql());
  await beginEnrollment(db.sql(), user, now);
  const state = await twoFactorState(db.sql(), user, now);
  const key = decodeBase32IgnorePadding(state.pending!.secret);
  const codes = await confirmEnrollment(db.sql(), { ...client, userId: user.id }, codeAt(key, stepAt(now)), now);
  return { user, key, codes: codes! };
}

describe("two-factor sign-in (TOTP)", () => {
  it("a setup lasts 15 minutes, and setting up again never reuses a secret shown before (attack30)", async () => {
    const user = await makeUser(db.sql());
    const start = new Date();
    await beginEnrollment(db.sql(), user, start);
    const first = decodeBase32IgnorePadding((await twoFactorState(db.sql(), user, start)).pending!.secret);
    const late = new Date(start.getTime() + PENDING_SETUP_MS);
    expect((await twoFactorState(db.sql(), user, late)).pending).toBeNull();
    expect(await confirmEnrollment(db.sql(), { ...client, userId: user.id }, codeAt(first, stepAt(late)), late)).toBeNull();
    await beginEnrollment(db.sql(), user, late);
    const second = decodeBase32IgnorePadding((await twoFactorState(db.sql(), user, late)).pending!.secret);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(false);
    expect(await confirmEnrollment(db.sql(), { ...client, userId: user.id }, codeAt(first, stepAt(late)), late)).toBeNull();
    expect(await confirmEnrollment(db.sql(), { ...client, userId: user.id }, codeAt(second, stepAt(late)), late)).toHaveLength(10);
    // On, it stays as it is: setting up again changes nothing.
    await beginEnrollment(db.sql(), user, late);
    expect(await verifySecondFactor(db.sql(), user.id, codeAt(second, stepAt(late) + 1), new Date(late.getTime() + TOTP_STEP_MS))).toBe(
      "code",
    );
  });

  it("keeps the secret encrypted at rest and shows it only while setting up", async () => {
    const user = await makeUser(db.sql());
    await beginEnrollment(db.sql(), user);
    const state = await twoFactorState(db.sql(), user);
    expect(state.pending?.uri).toMatch(/^otpauth:\/\/totp\/Porch:.+\?.*secret=[A-Z2-7]+/);
    expect(state.pending?.uri).toContain("issuer=Porch");
    const key = decodeBase32IgnorePadding(state.pending!.secret);
    const [row] = await db.sql()`select secret_encrypted from user_totp where user_id = ${user.id}`;
    expect(Buffer.from(row.secretEncrypted).includes(Buffer.from(key))).toBe(false);
    expect(await confirmEnrollment(db.sql(), { ...client, userId: user.id }, "000000")).toBeNull();
    expect(await usesTwoFactor(db.sql(), user.id)).toBe(false);
  });

  it("accepts the current code and one step of drift either way, not two", async () => {
    const now = new Date(Date.UTC(2026, 10, 27, 12, 0, 15));
    const { user, key } = await enrolled(new Date(now.getTime() - 10 * TOTP_STEP_MS));
    const step = stepAt(now);
    expect(await verifySecondFactor(db.sql(), user.id, codeAt(key, step - 2), now)).toBeNull();
    expect(await verifySecondFactor(db.sql(), user.id, codeAt(key, step - 1), now)).toBe("code");
    expect(await verifySecondFactor(db.sql(), user.id, codeAt(key, step + 1), now)).toBe("code");
    expect(await verifySecondFactor(db.sql(), user.id, codeAt(key, step + 2), now)).toBeNull();
  });

  it("refuses a replayed code within its window", async () => {
    const now = new Date();
    const { user, key } = await enrolled(new Date(now.getTime() - 5 * TOTP_STEP_MS));
    const code = codeAt(key, stepAt(now));
    expect(await verifySecondFactor(db.sql(), user.id, code, now)).toBe("code");
    expect(await verifySecondFactor(db.sql(), user.id, code, new Date(now.getTime() + 1000))).toBeNull();
    // An older code than one already used is refused too.
    expect(await verifySecondFactor(db.sql(), user.id, codeAt(key, stepAt(now) - 1), now)).toBeNull();
  });

  it("refuses two parallel uses of the same code: one wins", async () => {
    const now = new Date();
    const { user, key } = await enrolled(new Date(now.getTime() - 5 * TOTP_STEP_MS));
    const code = codeAt(key, stepAt(now));
    const results = await Promise.all([1, 2, 3].map(() => verifySecondFactor(db.sql(), user.id, code, now)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("gives 10 recovery codes, each usable once, stored hashed", async () => {
    const { user, codes } = await enrolled();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const stored = JSON.stringify(await db.sql()`select * from recovery_codes where user_id = ${user.id}`);
    for (const c of codes) expect(stored).not.toContain(c);
    expect(await verifySecondFactor(db.sql(), user.id, codes[0].toUpperCase())).toBe("recovery");
    expect(await verifySecondFactor(db.sql(), user.id, codes[0])).toBeNull();
    expect((await twoFactorState(db.sql(), user)).recoveryCodesLeft).toBe(9);
  });

  it("sends members of a group that requires it to set it up, and lets an admin reset it", async () => {
    const sql = db.sql();
    const [group] = await sql`insert into groups (name, require_2fa) values ('secure-team', true) returning id`;
    const user = await makeUser(sql, { groups: ["secure-team"] });
    const policy = { expiryMs: DAY, maxLifetimeMs: DAY };
    const { token } = await createSession(sql, user.id, { remember: false }, policy);
    expect((await validateSessionToken(sql, token, policy))?.mustSetUpTwoFactor).toBe(true);
    await beginEnrollment(sql, user);
    const key = decodeBase32IgnorePadding((await twoFactorState(sql, user)).pending!.secret);
    await confirmEnrollment(sql, { ...client, userId: user.id }, codeAt(key, stepAt(new Date())));
    expect((await validateSessionToken(sql, token, policy))?.mustSetUpTwoFactor).toBe(false);
    await disableTwoFactor(sql, { ...client, userId: null }, user.id);
    expect(await usesTwoFactor(sql, user.id)).toBe(false);
    const [audit] = await sql`select action from audit_log where action = 'two-factor.reset-by-admin' and target_id = ${user.id}`;
    expect(audit).toBeDefined();
    await sql`update groups set require_2fa = false where id = ${group.id}`;
  });
});
