import { describe, expect, it } from "vitest";
import { createSession } from "~/auth/session.server";
import { createSql } from "~/db.server";
import { runDueJobs, type Job } from "~/server/jobs.server";
import { DAY, HOUR } from "~/utils/time";
import { useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

const db = useTestDatabase();

describe("periodic jobs", () => {
  it("run once per period however many instances tick at the same moment", async () => {
    let runs = 0;
    const job: Job = { name: `test.count.${Date.now()}`, everyMs: HOUR, run: async () => ++runs };
    // Three instances: three separate pools on the same database.
    const pools = [db.sql(), createSql(db.url()), createSql(db.url())];
    const now = new Date();
    await Promise.all(pools.map((p) => runDueJobs(p, [job], now)));
    expect(runs).toBe(1);
    await Promise.all(pools.map((p) => runDueJobs(p, [job], new Date(now.getTime() + HOUR / 2))));
    expect(runs).toBe(1);
    await runDueJobs(pools[1], [job], new Date(now.getTime() + HOUR + 1));
    expect(runs).toBe(2);
    await Promise.all(pools.slice(1).map((p) => p.end()));
  });

  it("sweep expired sessions and stale invites", async () => {
    const user = await makeUser(db.sql());
    const now = new Date();
    await createSession(db.sql(), user.id, { remember: false }, { expiryMs: DAY, maxLifetimeMs: DAY }, new Date(now.getTime() - 2 * DAY));
    const { token } = await createSession(db.sql(), user.id, { remember: false }, { expiryMs: DAY, maxLifetimeMs: DAY }, now);
    await db.sql()`insert into invites (token_hash, expires_at) values (${new Uint8Array(32).fill(7)}, ${new Date(now.getTime() - 40 * DAY)})`;
    await db.sql()`delete from job_runs`;
    expect(await runDueJobs(db.sql(), undefined, now)).toEqual([
      "sessions.sweep",
      "invites.cleanup",
      "device-sign-ins.cleanup",
      "throttle.cleanup",
      "audit.retention",
      "display-links.sweep",
      "notifications.send",
      "webhooks.send",
    ]);
    const left = await db.sql()`select id from sessions where user_id = ${user.id}`;
    expect(left.map((r) => r.id)).toEqual([token.split(".")[0]]);
    expect(await db.sql()`select 1 from invites`).toHaveLength(0);
  });
});
