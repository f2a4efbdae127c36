import type { Attack } from "../catalogue";

export const secrets: Attack[] = [
  { area: "Secrets", attack: "Reading integration secrets from the database or the pages", defence: "AES-256-GCM at rest, write-only in the UI and API; a wrong key fails loudly", asvs: "6.2.1",
    test: { file: "tests/integration/integrations.test.ts", title: "are AES-256-GCM ciphertext in the table, round-trip, and a wrong key fails loudly" } },
  { area: "Secrets", attack: "Passwords or tokens leaking into logs", defence: "The audit log never holds a password, token or key", asvs: "7.1.1",
    test: { file: "tests/e2e/audit-secrets.spec.ts", title: "no password or session token was ever written to the audit log" } },
];
