import { describe, expect, it } from "vitest";
import { createSession, endUserSessions } from "~/auth/session.server";
import { splitIdSecret } from "~/auth/tokens.server";
import { codeOf } from "~/auth/device/code";
import {
  answerRequest,
  approvedNotCollected,
  askForCode,
  deleteStaleDeviceRequests,
  findWaiting,
  readDeviceRequest,
  redeemApproval,
} from "~/models/device-sign-ins.server";
import { DAY } from "~/utils/time";
import { useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

// Issue #22 part 3 (ADR 039): a TV's request is found by its cookie (to show the code and collect the
// approval) or by its code (to approve it); the code alone never yields a session.

const db = useTestDatabase();
const tv = { ip: "192.0.2.10", userAgent: "Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) Chrome/85" };
const policy = { expiryMs: DAY, maxLifetimeMs: DAY };

async function phone() {
  const user = await makeUser(db.sql());
  const { session } = await createSession(db.sql(), user.id, { remember: false }, policy);
  return { user, session };
}

const approval = (userId: string, sessionId: string) =>
  ({ approve: true, userId, sessionId, approvedFrom: "Firefox on Android, 198.51.100.2", remember: true }) as const;

describe("device sign-in", () => {
  it("keeps neither the cookie's secret nor the code, only their hashes; the code is derived from the secret", async () => {
    const sql = db.sql();
    const asked = await askForCode(sql, tv);
    const { secret } = splitIdSecret(asked.token)!;
    expect(asked.code).toBe(codeOf(secret));
    const stored = JSON.stringify(await sql`select * from device_sign_ins`);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(asked.code);
    expect(await readDeviceRequest(sql, asked.token)).toMatchObject({ code: asked.code, state: "waiting" });
    // The id with another secret, or a made-up token: nothing.
    expect(await readDeviceRequest(sql, `${asked.token.split(".")[0]}.${"a".repeat(32)}`)).toBeNull();
    expect(await readDeviceRequest(sql, "nonsense")).toBeNull();
  });

  it("is approved once, redeemed once, only while its approver's session lasts, and carries that session's passkey", async () => {
    const sql = db.sql();
    const { user, session } = await phone();
    const asked = await askForCode(sql, tv);
    expect(await findWaiting(sql, asked.code)).toMatchObject({ ip: tv.ip, userAgent: tv.userAgent });
    expect(await answerRequest(sql, asked.code, approval(user.id, session.id))).not.toBeNull();
    // Answered: nobody else can approve or deny it, and a lookup finds nothing.
    const other = await phone();
    expect(await answerRequest(sql, asked.code, approval(other.user.id, other.session.id))).toBeNull();
    expect(await answerRequest(sql, asked.code, { approve: false })).toBeNull();
    expect(await findWaiting(sql, asked.code)).toBeNull();

    const { id } = (await readDeviceRequest(sql, asked.token))!;
    expect(await redeemApproval(sql, id)).toEqual({
      userId: user.id,
      remember: true,
      approvedFrom: "Firefox on Android, 198.51.100.2",
      passkeyId: null,
      oidcSid: null,
    });
    expect(await redeemApproval(sql, id)).toBeNull();
    expect(await readDeviceRequest(sql, asked.token)).toBeNull();

    // The approving session ends before the TV collects: the approval goes with it.
    const second = await askForCode(sql, tv);
    await answerRequest(sql, second.code, approval(user.id, session.id));
    await sql`delete from sessions where id = ${session.id}`;
    expect(await readDeviceRequest(sql, second.token)).toBeNull();

    // Approved from a session a passkey proved: the TV's session is proved by that passkey too (a
    // group's passkey requirement holds for it while that passkey exists, ADR 037).
    const passkeyId = crypto.randomUUID();
    await sql`insert into webauthn_credentials (id, user_id, public_key, device_type, name)
              values (${passkeyId}, ${user.id}, ${new Uint8Array(8)}, 'singleDevice', 'phone')`;
    const proved = await createSession(sql, user.id, { remember: false, passkeyId }, policy);
    const third = await askForCode(sql, tv);
    await answerRequest(sql, third.code, approval(user.id, proved.session.id));
    expect(await redeemApproval(sql, (await readDeviceRequest(sql, third.token))!.id)).toMatchObject({ passkeyId });
  });

  it("refused, it says so to the TV and can't be approved; expired, it is nothing and the hourly job removes it", async () => {
    const sql = db.sql();
    const { user, session } = await phone();
    const refused = await askForCode(sql, tv);
    expect(await answerRequest(sql, refused.code, { approve: false })).not.toBeNull();
    expect(await readDeviceRequest(sql, refused.token)).toMatchObject({ state: "denied" });
    expect(await answerRequest(sql, refused.code, approval(user.id, session.id))).toBeNull();

    const old = await askForCode(sql, tv, new Date(Date.now() - 11 * 60_000));
    expect(await findWaiting(sql, old.code)).toBeNull();
    expect(await readDeviceRequest(sql, old.token)).toBeNull();
    expect(await answerRequest(sql, old.code, approval(user.id, session.id))).toBeNull();
    expect(await deleteStaleDeviceRequests(sql)).toBeGreaterThanOrEqual(1);
    expect(await sql`select 1 from device_sign_ins where expires_at < now()`).toHaveLength(0);
  });

  it("an approval not yet collected ends with the approver's other sessions, and with an expired approving session (attack37)", async () => {
    const sql = db.sql();
    const { user, session } = await phone();
    const asked = await askForCode(sql, tv);
    await answerRequest(sql, asked.code, approval(user.id, session.id));
    expect(await approvedNotCollected(sql, user.id)).toHaveLength(1);
    // "Sign out everywhere else" (or a new password) keeps this session but cancels what it approved.
    await endUserSessions(sql, user.id, session.id);
    expect(await approvedNotCollected(sql, user.id)).toHaveLength(0);
    expect(await readDeviceRequest(sql, asked.token)).toBeNull();

    const later = await askForCode(sql, tv);
    await answerRequest(sql, later.code, approval(user.id, session.id));
    await sql`update sessions set expires_at = now() - interval '1 second' where id = ${session.id}`;
    const { id } = (await readDeviceRequest(sql, later.token))!;
    expect(await redeemApproval(sql, id)).toBeNull();
  });
});
