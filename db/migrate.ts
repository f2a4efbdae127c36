import type { Sql } from "../app/db.server";

/** The migrations, bundled into the build by Vite so that no path lookup happens at run time. */
const files = import.meta.glob("./migrations/*.sql", { query: "?raw", import: "default", eager: true }) as Record<string, string>;

export interface Migration {
  name: string;
  sql: string;
}

export function listMigrations(): Migration[] {
  return Object.entries(files)
    .map(([path, sql]) => ({ name: path.replace(/^.*\//, ""), sql }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

// Any fixed number works; it only has to be the same for every instance of Porch.
const MIGRATION_LOCK = 72_617_001;

/**
 * Applies pending migrations, forward only, each in its own transaction.
 * An advisory lock makes a second instance starting at the same moment wait, then find nothing to do.
 */
export async function migrate(sql: Sql, migrations = listMigrations()): Promise<string[]> {
  const reserved = await sql.reserve();
  try {
    await reserved`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await reserved`
      create table if not exists schema_migrations (
        name text primary key,
        applied_at timestamptz not null default now()
      )`;
    const done = new Set((await reserved<{ name: string }[]>`select name from schema_migrations`).map((r) => r.name));
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      await reserved.unsafe("begin");
      try {
        await reserved.unsafe(m.sql);
        await reserved`insert into schema_migrations (name) values (${m.name})`;
        await reserved.unsafe("commit");
      } catch (error) {
        await reserved.unsafe("rollback");
        throw new Error(`Migration ${m.name} failed: ${(error as Error).message}`);
      }
      applied.push(m.name);
    }
    return applied;
  } finally {
    await reserved`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
    reserved.release();
  }
}
