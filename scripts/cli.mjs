// `npm run cli -- <command>`: operations that need no browser.
//   config    print the effective configuration (secrets masked), or each problem on its own line
//   migrate   apply pending database migrations and exit (Fly.io's release_command)
import { spawnSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { buildIsStale } from "./lib/build-state.mjs";

const [command] = process.argv.slice(2);
const COMMANDS = ["config", "migrate"];
if (!COMMANDS.includes(command)) {
  console.error(`Usage: npm run cli -- <${COMMANDS.join("|")}>`);
  process.exit(2);
}
if (buildIsStale()) {
  const result = spawnSync(process.execPath, ["scripts/build.mjs"], { stdio: ["ignore", "ignore", "inherit"] });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
const build = await import(pathToFileURL(path.resolve("build/server/index.js")).href);
const runtime = build.entry.module;

if (command === "config") {
  const { ok, lines } = runtime.configReport(process.env);
  for (const line of lines) (ok ? console.log : console.error)(line);
  process.exit(ok ? 0 : 1);
}

if (command === "migrate") {
  const problems = runtime.configProblems(process.env);
  if (problems.length) {
    for (const p of problems) console.error(`Configuration: ${p}`);
    process.exit(1);
  }
  try {
    const applied = await runtime.migrateOnly();
    console.log(applied.length ? `Applied ${applied.join(", ")}` : "The database is up to date.");
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
