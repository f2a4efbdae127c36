import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setConfigForTests } from "~/config.server";
import { MAILS_PER_HOUR, selfServiceResetLink } from "~/models/password-resets.server";
import { sendMail } from "~/server/mail.server";
import { startTestSmtp } from "../../scripts/lib/test-smtp.mjs";
import { TEST_CONFIG, useTestDatabase } from "../fixtures/database";

const db = useTestDatabase();
const client = { ip: "192.0.2.9", userAgent: "vitest" };
const dir = mkdtempSync(path.join(os.tmpdir(), "porch-mail-test-"));
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;

beforeAll(async () => {
  smtp = await startTestSmtp(dir);
});
afterAll(async () => {
  await smtp.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("self-service password reset by mail", () => {
  it("mails a link through a real SMTP server", async () => {
    setConfigForTests({ ...TEST_CONFIG, databaseUrl: db.url(), smtp: { url: smtp.url, from: "Porch <porch@example.test>" } });
    await sendMail("someone@example.test", "Hello", "Body text");
    const [file] = readdirSync(dir);
    const text = readFileSync(path.join(dir, file), "utf8");
    expect(text).toContain("X-Envelope-To: someone@example.test");
    expect(text).toContain("Subject: Hello");
    expect(text).toContain("From: Porch <porch@example.test>");
  });

  it("finds accounts by username or email, and only active password accounts with an email", async () => {
    const sql = db.sql();
    await sql`insert into users (username, email, password_hash) values ('Mia', 'mia@example.test', 'h')`;
    await sql`insert into users (username, email, password_hash, status) values ('gone', 'gone@example.test', 'h', 'inactive')`;
    await sql`insert into users (username, email, provider) values ('ldapper', 'ldap@example.test', 'ldap')`;
    await sql`insert into users (username, password_hash) values ('nomail', 'h')`;
    expect((await selfServiceResetLink(sql, "mia", client))?.email).toBe("mia@example.test");
    await sql`delete from audit_log where action = 'password-reset.mail-sent'`;
    expect((await selfServiceResetLink(sql, "MIA@example.test", client))?.username).toBe("Mia");
    for (const login of ["gone", "ldapper", "nomail", "nobody@example.test"]) {
      expect(await selfServiceResetLink(sql, login, client), login).toBeNull();
    }
  });

  it(`sends at most ${MAILS_PER_HOUR} mails per account per hour, even to parallel requests`, async () => {
    const sql = db.sql();
    await sql`insert into users (username, email, password_hash) values ('spammed', 'spammed@example.test', 'h')`;
    const results = await Promise.all(Array.from({ length: 8 }, () => selfServiceResetLink(sql, "spammed", client)));
    expect(results.filter(Boolean)).toHaveLength(MAILS_PER_HOUR);
  });
});
