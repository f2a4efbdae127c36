import { test } from "@playwright/test";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, startEmbeddedPostgres } from "../../scripts/lib/embedded-db.mjs";
import type { Running } from "./process";

type Cluster = Awaited<ReturnType<typeof startEmbeddedPostgres>>;

/**
 * For specs that start Porch themselves: a PostgreSQL of the file's own, started before its tests, and
 * the servers they push into `servers`, killed after them with the data directory.
 */
export function ownCluster(prefix: string): { readonly db: Cluster; servers: Running[] } {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), prefix));
  let db: Cluster | undefined;
  const servers: Running[] = [];
  test.beforeAll(async () => {
    db = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg"), port: await freePort() });
  });
  test.afterAll(async () => {
    for (const s of servers) s.child.kill("SIGKILL");
    await db?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    get db() {
      if (!db) throw new Error("The cluster starts in beforeAll: use it inside a test.");
      return db;
    },
    servers,
  };
}
