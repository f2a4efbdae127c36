import type { Attack } from "../catalogue";

export const secrets: Attack[] = [
  { area: "Secrets", attack: "Reading integration secrets from the database or the pages", defence: "AES-256-GCM at rest, write-only in the UI and API; a wrong key fails loudly", asvs: "6.2.1",
    test: { file: "tests/integration/integrations.test.ts", title: "are AES-256-GCM ciphertext in the table, round-trip, and a wrong key fails loudly" } },
  { area: "Secrets", attack: "Passwords or tokens leaking into logs", defence: "The audit log never holds a password, token or key", asvs: "7.1.1",
    test: { file: "tests/e2e/audit-secrets.spec.ts", title: "no password or session token was ever written to the audit log" } },
  { area: "Secrets", attack: "Invite tokens stored in the audit log's denied-access rows (a signed-in user opening a dead link gets 404)", defence: "recordDenied masks token paths (maskPath: any case, percent-decoded, token-shaped segments)", asvs: "7.1.1",
    test: { file: "tests/e2e/token-sinks.spec.ts", title: "refuses to store invite tokens in the audit log's denied-access rows, however the path is spelled" } },
  { area: "Secrets", attack: "Live invite and reset tokens in the access log (Deno)", defence: "The access log writes maskPath(path): /auth/reset/[token]", asvs: "7.1.1",
    test: { file: "tests/e2e/log-secrets.spec.ts", title: "on deno, refuses to write invite and reset tokens into the access log" } },
  { area: "Secrets", attack: "Live invite and reset tokens in the access log (Node)", defence: "The same masking on Node", asvs: "7.1.1",
    test: { file: "tests/e2e/log-secrets.spec.ts", title: "on node, refuses to write invite and reset tokens into the access log" } },
  { area: "Secrets", attack: "Password hashes and other query parameters, and token paths, printed with a failed request's error", defence: "logError prints name, message, code and a masked stack as one JSON line, never the error object", asvs: "7.1.2",
    test: { file: "tests/integration/error-log.test.ts", title: "refuses to print a failed query's parameters (a password hash) or a token path" } },
  { area: "Secrets", attack: "A password typed into an integration's URL (http://user:pass@host), shown to everyone with use and written to the audit log", defence: "URLs with credentials are refused beside the field (form and API alike): they belong in the write-only secret fields", asvs: "8.3.1",
    test: { file: "tests/e2e/integration-url-secrets.spec.ts", title: "refuses credentials in an integration's URL (API create and patch, the form), and stores nothing of them" } },
];
