import { describeConfig, getConfig, parseConfig } from "~/config.server";
import { closeSql, describeConnectionError, getSql } from "~/db.server";
import { isOnboarded } from "~/models/onboarding.server";
import { ProvisionFileError, provisionFromFile } from "~/provision/run.server";
import { migrate } from "../../db/migrate";
import { settleAfterAnswer } from "./after-answer.server";
import { JOB_TICK_MS, runDueJobs } from "./jobs.server";
import { discover } from "~/auth/oidc/discovery.server";
// Side effect: route matching remembered on the server (ADR 030); first, before any request.
import "./route-match-memo.server";

export { logError } from "./log.server";
export { createPipeline } from "./pipeline.server";

let stopping = false;
let sweeper: ReturnType<typeof setInterval> | null = null;

/** Configuration problems, one line each; empty when the environment is fine. */
export function configProblems(env: Record<string, string | undefined>): string[] {
  const report = configReport(env);
  return report.ok ? [] : report.lines;
}

/** Connects, migrates and starts the periodic jobs. Throws one clear line when the database can't be reached. */
/** The pool, once a first query proves the database answers; else one line saying which URL failed and why. */
async function connect() {
  const sql = getSql();
  try {
    await sql`select 1`;
  } catch (error) {
    throw new Error(describeConnectionError(getConfig().databaseUrl, error));
  }
  return sql;
}

export async function startup(): Promise<{ port: number; host: string; applied: string[]; onboarded: boolean }> {
  const config = getConfig();
  const applied = await migrate(await connect());
  // What the provisioning file says, before the first request (every instance; the lock makes it once).
  if (config.provisionFile) {
    try {
      const changes = await provisionFromFile(getSql(), config.provisionFile, false);
      console.log(
        JSON.stringify({ time: new Date().toISOString(), msg: "provisioning file applied", file: config.provisionFile, changes }),
      );
    } catch (error) {
      // A mistake in the file stops the start (it was just written). What the database can't take now (a
      // board someone deleted, a group a service account names) leaves it as it was and starts (attack45).
      if (error instanceof ProvisionFileError && error.stage === "read")
        throw new Error(error.lines.map((l) => `Provisioning: ${l}`).join("\n"));
      if (!(error instanceof ProvisionFileError)) throw error;
      // Said plainly too: a JSON line among the job lines is easy to miss (newcomer45).
      console.error(`Provisioning: not applied (nothing of it was written; Porch starts as it was):`);
      for (const line of error.lines) {
        console.error(`Provisioning: ${line}`);
        console.error(JSON.stringify({ level: "error", msg: "provisioning file not applied: nothing of it was written", problem: line }));
      }
    }
  }
  const onboarded = await isOnboarded(getSql());
  const tick = () =>
    runDueJobs(getSql()).catch((error) => {
      // A run cut short by shutdown is not worth an error line.
      if (!stopping) console.error(JSON.stringify({ level: "error", msg: "periodic jobs failed", error: String(error) }));
    });
  void tick();
  if (config.oidc) {
    // A provider that is down must not stop Porch: warn now, and the login page says so if it still is.
    discover(config.oidc).catch((error: Error) =>
      console.warn(
        JSON.stringify({ level: "warn", msg: "OpenID provider unreachable at start; OIDC sign-in will retry", reason: error.message }),
      ),
    );
  }
  sweeper = setInterval(tick, JOB_TICK_MS);
  // The jobs must never keep a stopping process alive.
  (sweeper as { unref?: () => void }).unref?.();
  return { port: config.port, host: config.host, applied, onboarded };
}

export async function shutdown(): Promise<void> {
  stopping = true;
  if (sweeper) clearInterval(sweeper);
  sweeper = null;
  // Reset mails and the like, started after their request was answered.
  await settleAfterAnswer();
  await closeSql();
}

/** `npm run cli -- config`: the effective configuration, secrets masked, or the problems. */
export function configReport(env: Record<string, string | undefined>): { ok: boolean; lines: string[] } {
  const result = parseConfig(env);
  return result.ok ? { ok: true, lines: describeConfig(result.config) } : { ok: false, lines: result.errors };
}

/** `npm run cli -- migrate` (Fly's release_command): apply pending migrations and stop. */
export async function migrateOnly(): Promise<string[]> {
  const sql = await connect();
  try {
    return await migrate(sql);
  } finally {
    await closeSql();
  }
}
