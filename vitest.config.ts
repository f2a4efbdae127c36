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
  },
});
