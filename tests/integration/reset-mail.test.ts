import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { passwordVerificationCount } from "~/auth/password.server";
import { countStatements, statementCount } from "~/db.server";
import { setConfigForTests } from "~/config.server";
import { MAILS_PER_HOUR, selfServiceResetLink } from "~/models/password-resets.server";
import { sendMail } from "~/server/mail.server";
import { startTestSmtp } from "../../scripts/lib/test-smtp.mjs";
import { TEST_CONFIG, useTestDatabase } from "../fixtures/database";
import { contextFor, formPost, run, statusOf } from "../fixtures/routes";

countStatements();
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

  it("refuses to tell by its work whether an account exists: nothing is looked up, written or mailed before the answer", async () => {
    const sql = db.sql();
    setConfigForTests({
      ...TEST_CONFIG,
      databaseUrl: db.url(),
      baseUrl: new URL("https://porch.example.test"),
      smtp: { url: smtp.url, from: "Porch <porch@example.test>" },
    });
    await sql`insert into users (username, email, password_hash) values ('timed', 'timed@example.test', 'h')`;
    const { action } = await import("~/routes/auth.forgot");
    const mails = () =>
      readdirSync(dir).filter((f) => readFileSync(path.join(dir, f), "utf8").includes("X-Envelope-To: timed@example.test")).length;
    const work = async (login: string) => {
      const before = { statements: statementCount(), checks: passwordVerificationCount(), mails: mails() };
      const answer = await run(() => action({ request: formPost("/auth/forgot", { login }), context: contextFor(), params: {} } as never));
      const after = { statements: statementCount(), checks: passwordVerificationCount(), mails: mails() };
      return {
        status: statusOf(answer),
        location: answer instanceof Response ? answer.headers.get("Location") : null,
        statements: after.statements - before.statements,
        checks: after.checks - before.checks,
        mails: after.mails - before.mails,
      };
    };
    const known = await work("timed");
    const unknown = await work("nobody-by-this-name");
    expect(known).toEqual(unknown);
    expect(known).toEqual({ status: 302, location: "/auth/forgot", statements: 0, checks: 0, mails: 0 });
    // The work happens after the answer: the mail still arrives, and only for the account.
    await vi.waitFor(() => expect(mails()).toBe(1), { timeout: 5_000 });
    const [{ n }] = await sql`select count(*)::int as n from audit_log where action = 'password-reset.mail-sent'
      and target_id = (select id::text from users where username = 'timed')`;
    expect(n).toBe(1);
  });
});
