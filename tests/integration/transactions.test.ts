// postgres.js 3.4.9 can send a transaction's BEGIN without reserving its connection when the BEGIN lands on
// a busy connection's pipeline (porsager/postgres#823, #1189): the transaction fails with UNSAFE_TRANSACTION,
// and the connection goes back to the pool still inside the transaction, so other requests' statements run
// in it. Seen under load in CI (a sign-in and an integration check answered 500). And a transaction whose
// connection is lost must fail where its caller can catch it, never crash the process from a timer
// (porsager/postgres#1208) or run its next statement outside the transaction (#1155). patches/ fixes all three
// (ADR 022); these tests fail without it.
import { describe, expect, it } from "vitest";
import { createSql } from "~/db.server";
import { useTestDatabase } from "../fixtures/database";

const db = useTestDatabase();

describe("transactions under a full pool", () => {
  it("never fail to reserve their connection, and never leave one in a transaction", async () => {
    const sql = createSql(db.url(), { max: 2 });
    try {
      await sql`create table if not exists tx_probe (n int)`;
      await Promise.all([sql`select pg_sleep(0.05)`, sql`select pg_sleep(0.05)`]); // both connections open
      const failures: string[] = [];
      // A BEGIN written as the pipeline's last allowed statement (round robin over two busy connections) is
      // the one the driver forgets to reserve; try every position around the default limit of 100.
      for (let position = 190; position < 212; position++) {
        const work: Promise<unknown>[] = [];
        for (let i = 0; i < position; i++) work.push(sql`select 1`.execute());
        work.push(sql.begin((tx) => tx`insert into tx_probe values (${position})`));
        for (let i = 0; i < 10; i++) work.push(sql`select 1`.execute());
        for (const result of await Promise.allSettled(work)) {
          if (result.status === "rejected") failures.push(`at ${position}: ${(result.reason as Error).message}`);
        }
      }
      expect(failures).toEqual([]);
      const [{ count }] = await sql`select count(*)::int as count from tx_probe`;
      expect(count).toBe(212 - 190);
      const stuck = await db.sql()`
        select count(*)::int as count from pg_stat_activity
        where datname = current_database() and state like 'idle in transaction%'`;
      expect(stuck[0].count).toBe(0);
    } finally {
      await sql`drop table if exists tx_probe`;
      await sql.end({ timeout: 5 });
    }
  });

  it("fail with CONNECTION_CLOSED when their connection is lost, and the pool carries on", async () => {
    const sql = createSql(db.url(), { max: 2 });
    try {
      await sql`create table if not exists tx_lost (n int)`;
      const seen: string[] = [];
      let finished = (): void => {};
      const fnDone = new Promise<void>((resolve) => (finished = resolve));
      const outcome = await sql
        .begin(async (tx) => {
          const [{ pid }] = await tx`select pg_backend_pid() as pid`;
          await tx`insert into tx_lost values (1)`;
          await db.sql()`select pg_terminate_backend(${pid})`;
          await new Promise((resolve) => setTimeout(resolve, 200));
          // The statement after the loss: once it crashed the process; it must fail, not run elsewhere.
          await tx`insert into tx_lost values (2)`.catch((error: { code?: string }) => {
            seen.push(String(error.code));
          });
          finished();
        })
        .then(
          () => "committed",
          (error: { code?: string }) => String(error.code),
        );
      await fnDone;
      expect(outcome).toBe("CONNECTION_CLOSED");
      expect(seen).toEqual(["CONNECTION_CLOSED"]);
      const rows = await sql`select n from tx_lost`;
      expect(rows).toEqual([]);
      const [{ ok }] = await sql`select 1 as ok`;
      expect(ok).toBe(1);
    } finally {
      await sql`drop table if exists tx_lost`;
      await sql.end({ timeout: 5 });
    }
  });
});
