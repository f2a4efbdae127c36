import type { Attack } from "../catalogue";

export const apiKeys: Attack[] = [
  { area: "API keys", attack: "A key doing more than its owner can", defence: "Key permissions ∩ the owner's current ones, on every request", asvs: "4.1.3",
    test: { file: "tests/e2e/api-keys.spec.ts", title: "a key never does more than its owner can now: scope, demotion, deactivation, expiry" } },
  { area: "API keys", attack: "Guessing API keys", defence: "Failures throttled per address in PostgreSQL (all instances) and audited with their reason", asvs: "2.2.1",
    test: { file: "tests/e2e/server-settings.spec.ts", title: "guessing API keys from one address is throttled, for every instance, and audited" } },
  { area: "API keys", attack: "Stolen key material from the database or lists", defence: "Only SHA-256 of the 240-bit secret is stored; lists show the id only", asvs: "2.10.3",
    test: { file: "tests/integration/api-keys.test.ts", title: "look like porch_<id>_<secret> and only the secret's SHA-256 is stored" } },
];
