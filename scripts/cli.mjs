// `npm run cli -- <command>`: operations that need no browser.
//   config    print the effective configuration (secrets masked), or each problem on its own line
//   migrate   apply pending database migrations and exit (Fly.io's release_command)
//   reset-password <username>   set a new random password (printed), end their sessions, unlock them
//   recreate-admin <username>   make them an active administrator, creating the account if missing
//   rotate-encryption-key       re-encrypt stored secrets from SECRET_ENCRYPTION_KEY to NEW_SECRET_ENCRYPTION_KEY
//   provision [--dry-run] [file]  apply the provisioning file (PORCH_PROVISION_FILE unless named), or print its plan
import { spawnSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { buildIsStale } from "./lib/build-state.mjs";
import { provideDatabaseForCli, provideEncryptionKey } from "./lib/embedded-db.mjs";

const [command, ...rest] = process.argv.slice(2);
const dryRun = command === "provision" && rest.includes("--dry-run");
const argument = rest.find((a) => a !== "--dry-run" || command !== "provision");
const COMMANDS = ["config", "migrate", "reset-password", "recreate-admin", "rotate-encryption-key", "provision"];
const NEEDS_USERNAME = ["reset-password", "recreate-admin"];
if (!COMMANDS.includes(command) || (NEEDS_USERNAME.includes(command) && !argument)) {
  console.error(
    "Usage: npm run cli -- config | migrate | reset-password <username> | recreate-admin <username> | rotate-encryption-key | provision [--dry-run] [file]",
  );
  process.exit(2);
}
if (buildIsStale()) {
  const result = spawnSync(process.execPath, ["scripts/build.mjs"], { stdio: ["ignore", "ignore", "inherit"] });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
// The same environment as npm start: production by default, and its embedded database and key when
// DATABASE_URL is unset (the running one's, or started for this command and stopped after).
process.env.NODE_ENV ??= "production";
const embedded = !process.env.DATABASE_URL;
const stopDatabase = await provideDatabaseForCli(process.env);
if (embedded) await provideEncryptionKey(process.env);
const exit = async (code) => {
  await stopDatabase().catch(() => {});
  process.exit(code);
};
const build = await import(pathToFileURL(path.resolve("build/server/index.js")).href);
const runtime = build.entry.module;

if (command === "config") {
  const { ok, lines } = runtime.configReport(process.env);
  for (const line of lines) (ok ? console.log : console.error)(line);
  await exit(ok ? 0 : 1);
}

if (NEEDS_USERNAME.includes(command) || command === "rotate-encryption-key" || command === "provision") {
  const problems = runtime.configProblems(process.env);
  if (problems.length) {
    for (const p of problems) console.error(`Configuration: ${p}`);
    await exit(1);
  }
  try {
    await runtime.migrateOnly();
    if (command === "rotate-encryption-key") console.log(await runtime.cliRotateEncryptionKey(process.env.NEW_SECRET_ENCRYPTION_KEY));
    else if (command === "provision") console.log(await runtime.cliProvision(dryRun, argument));
    else console.log(await (command === "reset-password" ? runtime.cliResetPassword : runtime.cliRecreateAdmin)(argument));
  } catch (error) {
    console.error(error.message);
    await exit(1);
  }
  await exit(0);
}

if (command === "migrate") {
  const problems = runtime.configProblems(process.env);
  if (problems.length) {
    for (const p of problems) console.error(`Configuration: ${p}`);
    await exit(1);
  }
  try {
    const applied = await runtime.migrateOnly();
    console.log(applied.length ? `Applied ${applied.join(", ")}` : "The database is up to date.");
  } catch (error) {
    console.error(error.message);
    await exit(1);
  }
  await exit(0);
}
