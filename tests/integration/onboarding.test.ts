import { describe, expect, it } from "vitest";
import { resolveActor } from "~/auth/actor.server";
import { createSession } from "~/auth/session.server";
import { AlreadyOnboardedError, completeOnboarding, isOnboarded } from "~/models/onboarding.server";
import { hashPassword } from "~/auth/password.server";
import { DAY } from "~/utils/time";
import { useTestDatabase } from "../fixtures/database";

const db = useTestDatabase();
const policy = { expiryMs: 7 * DAY, maxLifetimeMs: 30 * DAY };

describe("onboarding", () => {
  it("makes exactly one administrator when five submissions race", async () => {
    expect(await isOnboarded(db.sql())).toBe(false);
    const passwordHash = await hashPassword("password123");
    const results = await Promise.allSettled(
      ["ann", "ben", "cat", "dan", "eve"].map((username) => completeOnboarding(db.sql(), { username, passwordHash })),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(4);
    for (const r of lost) expect(r.reason).toBeInstanceOf(AlreadyOnboardedError);
    const users = await db.sql()`select username from users`;
    expect(users).toHaveLength(1);
    expect(await isOnboarded(db.sql())).toBe(true);
  });

  it("gives the administrator `admin` through the admins group, and membership of everyone", async () => {
    const [admin] = await db.sql()`select id from users`;
    const groups = await db.sql()`
      select g.name from group_members gm join groups g on g.id = gm.group_id where gm.user_id = ${admin.id} order by g.name`;
    expect(groups.map((g) => g.name)).toEqual(["admins", "everyone"]);
    const { token } = await createSession(db.sql(), admin.id, { remember: false }, policy);
    const { actor } = await resolveActor(db.sql(), token, policy);
    expect(actor.kind === "session" && actor.permissions.has("admin")).toBe(true);
    expect(actor.kind === "session" && actor.permissions.has("board-view-all")).toBe(true);
    const [audit] = await db.sql()`select action from audit_log where action = 'onboarding.completed'`;
    expect(audit).toBeDefined();
  });
});
