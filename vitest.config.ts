import os from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Plain modules, no Remix plugin: unit tests and integration tests against real PostgreSQL.
export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts", "tests/security/**/*.test.ts"],
    globalSetup: ["tests/fixtures/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Vitest's default is one file at a time on 2 cores (cores − 1); the integration tests mostly wait on
    // PostgreSQL, slapd and HTTP peers, so two at once took the suite from 122 s to 83 s on 2 cores.
    maxWorkers: Math.max(2, os.availableParallelism()),
  },
});
