// Porch confirms an email by a mailed one-time link before trusting it (account linking). Any change of
// the address, whoever makes it, unconfirms it.
import { describe, expect, it } from "vitest";
import { hashToken } from "~/auth/tokens.server";
import { updateOwnProfile } from "~/models/account.server";
import { provisionDirectoryUser } from "~/models/directory-users.server";
import {
  confirmEmail,
  emailVerificationFor,
  startEmailVerification,
  VERIFICATION_MAILS_PER_HOUR,
} from "~/models/email-verification.server";
import { updateProfile } from "~/models/manage-users.server";
import { useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

const db = useTestDatabase();
const sql = () => db.sql();
const client = { ip: "127.0.0.1", userAgent: "vitest" };
const confirmedAt = async (id: string) =>
  (await sql()`select email_verified_at from users where id = ${id}`)[0].emailVerifiedAt as Date | null;

async function confirmedUser(email: string) {
  const user = await makeUser(sql());
  await sql()`update users set email = ${email} where id = ${user.id}`;
  const started = await startEmailVerification(sql(), { userId: user.id, ...client });
  if (typeof started === "string") throw new Error(started);
  expect(await confirmEmail(sql(), started.token, client)).toMatchObject({ userId: user.id, email });
  expect(await confirmedAt(user.id)).toBeInstanceOf(Date);
  return user;
}

describe("email confirmation", () => {
  it("confirms the address the link was made for, once, and stores only the token's SHA-256", async () => {
    const user = await makeUser(sql());
    await sql()`update users set email = 'me@example.com' where id = ${user.id}`;
    const started = await startEmailVerification(sql(), { userId: user.id, ...client });
    if (typeof started === "string") throw new Error(started);
    expect(started.email).toBe("me@example.com");
    const [stored] = await sql()`select token_hash from email_verifications where user_id = ${user.id}`;
    expect(Buffer.from(stored.tokenHash).equals(Buffer.from(hashToken(started.token)))).toBe(true);
    expect(await emailVerificationFor(sql(), started.token)).toMatchObject({ username: user.username, email: "me@example.com" });
    expect(await confirmEmail(sql(), started.token, client)).toMatchObject({ email: "me@example.com" });
    expect(await confirmedAt(user.id)).toBeInstanceOf(Date);
    expect(await startEmailVerification(sql(), { userId: user.id, ...client })).toBe("confirmed-already");
  });

  it("refuses a confirmation link twice, after it expired, after the email changed, and when malformed", async () => {
    const user = await makeUser(sql());
    await sql()`update users set email = 'first@example.com' where id = ${user.id}`;
    const start = async () => {
      const started = await startEmailVerification(sql(), { userId: user.id, ...client });
      if (typeof started === "string") throw new Error(started);
      return started.token;
    };
    const used = await start();
    await sql()`update users set email = 'second@example.com' where id = ${user.id}`;
    expect(await emailVerificationFor(sql(), used)).toBeNull(); // made for first@, which is no longer the address
    expect(await confirmEmail(sql(), used, client)).toBeNull();
    expect(await confirmedAt(user.id)).toBeNull();

    const expired = await start();
    await sql()`update email_verifications set expires_at = now() - interval '1 second' where user_id = ${user.id}`;
    expect(await confirmEmail(sql(), expired, client)).toBeNull();

    const once = await start();
    expect(await confirmEmail(sql(), once, client)).not.toBeNull();
    await sql()`update users set email_verified_at = null where id = ${user.id}`;
    expect(await confirmEmail(sql(), once, client)).toBeNull();
    for (const junk of ["", "x", "../../etc", "a".repeat(33), `${once}\u0000`]) {
      expect(await emailVerificationFor(sql(), junk), JSON.stringify(junk)).toBeNull();
      expect(await confirmEmail(sql(), junk, client)).toBeNull();
    }
    expect(await confirmedAt(user.id)).toBeNull();
  });

  it("refuses to keep an email confirmed once it changes, whoever changes it: the person, an admin, a directory sign-in", async () => {
    const self = await confirmedUser("self@example.com");
    await updateOwnProfile(sql(), { userId: self.id, ...client }, { displayName: null, email: "self2@example.com", avatarUrl: null });
    expect(await confirmedAt(self.id)).toBeNull();

    const byAdmin = await confirmedUser("managed@example.com");
    await updateProfile(sql(), { userId: null, ...client }, byAdmin.id, {
      displayName: null,
      email: "someone-else@example.com",
      avatarUrl: null,
    });
    expect(await confirmedAt(byAdmin.id)).toBeNull();

    // Saving the profile without touching the address keeps it confirmed.
    const unchanged = await confirmedUser("same@example.com");
    await updateOwnProfile(
      sql(),
      { userId: unchanged.id, ...client },
      { displayName: "New name", email: "same@example.com", avatarUrl: null },
    );
    expect(await confirmedAt(unchanged.id)).toBeInstanceOf(Date);

    const directory = { dn: "uid=dir", externalId: "dir-1", username: "dir-user", email: "dir@example.com", displayName: null, groups: [] };
    const id = await provisionDirectoryUser(sql(), "ldap", directory, { adminGroup: null, client });
    await sql()`update users set email_verified_at = now() where id = ${id}`;
    await provisionDirectoryUser(sql(), "ldap", { ...directory, email: "moved@example.com" }, { adminGroup: null, client });
    expect(await confirmedAt(id)).toBeNull();
  });

  it("refuses to mail more than 3 confirmation links an hour for one account, and none without an address", async () => {
    const user = await makeUser(sql());
    expect(await startEmailVerification(sql(), { userId: user.id, ...client })).toBe("no-email");
    await sql()`update users set email = 'bomb@example.com' where id = ${user.id}`;
    for (let i = 0; i < VERIFICATION_MAILS_PER_HOUR; i++) {
      expect(typeof (await startEmailVerification(sql(), { userId: user.id, ...client }))).toBe("object");
    }
    expect(await startEmailVerification(sql(), { userId: user.id, ...client })).toBe("too-many");
    // Only the newest link works.
    const [{ n }] = await sql()`select count(*)::int as n from email_verifications where user_id = ${user.id}`;
    expect(n).toBe(1);
  });
});
