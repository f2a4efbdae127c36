import { afterEach, describe, expect, it, vi } from "vitest";
import { createSession, validateSessionToken } from "~/auth/session.server";
import { endSession, startSession } from "~/auth/sign-in.server";
import { setConfigForTests } from "~/config.server";
import { allAuditRows } from "~/models/audit-log.server";
import { csvLine } from "~/utils/csv";
import { DAY } from "~/utils/time";
import { requestContext } from "../fixtures/context";
import { TEST_CONFIG, useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

const db = useTestDatabase();
const policy = { expiryMs: 7 * DAY, maxLifetimeMs: 30 * DAY };

afterEach(() => {
  vi.restoreAllMocks();
  setConfigForTests({ ...TEST_CONFIG, databaseUrl: db.url() });
});

describe("sessions in the audit log", () => {
  it("refuses to put a usable session id in the audit log, its CSV or stdout: sessions appear by an irreversible reference", async () => {
    setConfigForTests({ ...TEST_CONFIG, databaseUrl: db.url(), auditStdout: true });
    const stdout = vi.spyOn(console, "log").mockImplementation(() => {});
    const sql = db.sql();
    const user = await makeUser(sql);
    const cookie = await startSession((await requestContext(sql, null)) as never, user.id, { remember: false, provider: "credentials" });
    const token = /porch_session=([^;]+)/.exec(cookie)![1];
    const id = token.split(".")[0];
    await endSession((await requestContext(sql, token)) as never);
    const stale = await createSession(sql, user.id, { remember: false }, policy, new Date(Date.now() - 2 * DAY));
    expect(await validateSessionToken(sql, stale.token, policy)).toBeNull();

    const rows = [];
    for await (const row of allAuditRows(sql, {})) if (row.targetType === "session") rows.push(row);
    expect(rows.map((r) => r.action).sort()).toEqual(["auth.sign-in", "auth.sign-out", "session.expired"]);
    const everything = [JSON.stringify(rows), rows.map((r) => csvLine(Object.values(r))).join(""), JSON.stringify(stdout.mock.calls)];
    for (const text of everything) {
      expect(text).not.toContain(id);
      expect(text).not.toContain(stale.session.id);
    }
    // Still one reference per session, so its sign-in and sign-out can be told to belong together.
    const signIn = rows.find((r) => r.action === "auth.sign-in")!;
    const signOut = rows.find((r) => r.action === "auth.sign-out")!;
    expect(signIn.targetId).toMatch(/^[0-9a-f]{16}$/);
    expect(signOut.targetId).toBe(signIn.targetId);
  });
});
