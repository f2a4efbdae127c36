import type { Attack } from "../catalogue";

export const inputOutput: Attack[] = [
  { area: "Input and output", attack: "Stored XSS through names, notes and descriptions", defence: "Everything renders as text under a nonce-only CSP", asvs: "5.3.3",
    test: { file: "tests/e2e/manage-security.spec.ts", title: "display names, emails and group names render as inert text" } },
  { area: "Input and output", attack: "Script injection on a board (notes, app URLs)", defence: "Notes are escaped text; only http(s) URLs are accepted", asvs: "5.3.3",
    test: { file: "tests/e2e/boards.spec.ts", title: "a creator makes a board, fills it, reorders and edits items, and notes stay inert text" } },
  { area: "Input and output", attack: "SQL injection", defence: "Parameterized queries only (postgres.js tagged templates)", asvs: "5.3.4",
    test: { file: "tests/integration/credentials.test.ts", title: "refuses SQL metacharacters in the username and changes nothing" } },
  { area: "Input and output", attack: "Junk to every form and JSON endpoint", defence: "Validated input: a 400 with messages, never a 5xx or a stack trace", asvs: "5.1.3",
    test: { file: "tests/e2e/fuzz.spec.ts", title: "JSON endpoints answer junk without a 5xx or a stack trace" } },
  { area: "Input and output", attack: "Script injection beyond our own code", defence: "Content-Security-Policy with per-request nonces; zero violations in the app", asvs: "14.4.3",
    test: { file: "tests/e2e/headers.spec.ts", title: "the app runs under its Content-Security-Policy without a single violation" } },
  { area: "Input and output", attack: "NUL bytes in paths, queries, forms and JSON (PostgreSQL refuses them: 500s)", defence: "The request gate refuses any NUL anywhere with a 400 and a sentence before a route runs", asvs: "5.1.3",
    test: { file: "tests/e2e/bad-requests.spec.ts", title: "refuses NUL bytes in paths, queries, forms and JSON with a 400 and a message, and writes nothing" } },
  { area: "Input and output", attack: "Junk query strings on every GET route (NULs, broken percent-encoding)", defence: "Fuzzed: never a 5xx or a stack trace", asvs: "5.1.3",
    test: { file: "tests/e2e/fuzz.spec.ts", title: "GET routes answer junk query strings without a 5xx or a stack trace, signed in as admin or not" } },
  { area: "Input and output", attack: "An integration's service answering 64 MB (read whole before the 1 MB check, on every board view)", defence: "remoteText reads at most 1 MB and stops", asvs: "12.1.1",
    test: { file: "tests/integration/integrations.test.ts", title: "refuses a 64 MB answer: json-api stops reading at 1 MB instead of checking afterwards" } },
  { area: "Input and output", attack: "An OpenID provider (or an impostor) answering 64 MB to discovery, token, userinfo or key-set requests", defence: "Every answer read up to 1 MB: our own token request (both auth methods), jose given a capped fetch", asvs: "12.1.1",
    test: { file: "tests/integration/oidc-limits.test.ts", title: "refuses 64 MB answers: discovery, token (basic and post), userinfo and key set are read up to 1 MB" } },
];
