import postgres from "postgres";
import { getConfig } from "~/config.server";
import { maskPassword } from "~/utils/url";

export type Sql = postgres.Sql;
export type TransactionSql = postgres.TransactionSql;
/** Either the pool or a transaction: model functions accept both. */
export type Db = postgres.Sql | postgres.TransactionSql;

let pool: Sql | null = null;
let queryCount = 0;
let counting = false;

/** Opens a pool; postgres.js connects lazily, on the first query. */
export function createSql(url: string, options: { max?: number; statementTimeoutMs?: number } = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    // A runaway query is cancelled by PostgreSQL itself instead of holding a pool slot forever.
    connection: options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {},
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => {},
    // Result columns arrive camelCase (created_at → createdAt), so queries need no `as "createdAt"`. Results
    // only: what goes in (sql(object), parameters) keeps the names it has; json_build_object's keys are values.
    transform: { column: { from: postgres.toCamel } },
    // Counted for tests and the benchmark's "round trips per request", never in service: postgres.js
    // takes a stack trace (new Error()) for every query when `debug` is set, 17 % of an API request's
    // CPU in issue #18's profile, and makes its errors' parameters enumerable.
    debug: counting
      ? () => {
          queryCount++;
        }
      : undefined,
  });
}

/** The process's pool, from DATABASE_URL. */
export function getSql(): Sql {
  if (!pool) {
    const config = getConfig();
    pool = createSql(config.databaseUrl, { max: config.dbPoolMax, statementTimeoutMs: config.dbStatementTimeoutMs });
  }
  return pool;
}

/** Tests point the app at their own database. */
export function setSqlForTests(sql: Sql): void {
  pool = sql;
}

export async function closeSql(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.end({ timeout: 5 });
}

/** Pools opened after this count their statements (tests and `npm run bench`; see createSql). */
export function countStatements(): void {
  counting = true;
}

/** How many statements this process has sent; diff it around a call to count round trips. */
export function statementCount(): number {
  if (!counting) throw new Error("statementCount() needs countStatements() before the pool is opened");
  return queryCount;
}

/** One line saying which database failed and why, without its password. */
export function describeConnectionError(url: string, error: unknown): string {
  const shown = maskPassword(url);
  const e = error as { code?: string; message?: string };
  const why = e?.code && e.message && !e.message.includes(e.code) ? `${e.code}: ${e.message}` : (e?.message ?? String(error));
  return `Cannot reach PostgreSQL at ${shown}: ${why}`;
}

/**
 * Runs `work` in one transaction, handing it an `Sql` whose `begin` opens a savepoint: model functions
 * that start their own transaction then join this one, so several of them land together or not at all.
 */
export async function inOneTransaction<T>(sql: Sql, work: (sql: Sql) => Promise<T>): Promise<T> {
  return (await sql.begin(async (tx) => work(joined(tx)))) as T;
}

/** `tx` as an `Sql` whose `begin` opens a savepoint: model functions called with it join the transaction. */
export function joined(tx: TransactionSql): Sql {
  const nested = new Proxy(tx, {
    get: (target, key, receiver) =>
      key === "begin" ? (fn: (s: TransactionSql) => unknown) => target.savepoint(fn) : Reflect.get(target, key, receiver),
  });
  return nested as unknown as Sql;
}
