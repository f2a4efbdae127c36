import type { Attack } from "../catalogue";

export const sessions: Attack[] = [
  { area: "Sessions", attack: "Session fixation", defence: "A new token at every sign-in; the browser's previous session is ended", asvs: "3.2.1",
    test: { file: "tests/integration/sign-in.test.ts", title: "refuses session fixation: a token planted before sign-in is dead after it" } },
  { area: "Sessions", attack: "Forged or tampered session token", defence: "id.secret tokens, 160 random bits each, SHA-256 stored, constant-time compare", asvs: "3.2.2",
    test: { file: "tests/integration/sessions.test.ts", title: "refuses a tampered token: right id, wrong secret" } },
  { area: "Sessions", attack: "Cookie sent over plain HTTP", defence: "Secure is set whenever BASE_URL is https", asvs: "3.4.1",
    test: { file: "tests/integration/sign-in.test.ts", title: "refuses to send the session cookie without Secure when BASE_URL is https" } },
  { area: "Sessions", attack: "Cross-site request forgery", defence: "Cookie-authenticated writes must come from our own origin", asvs: "4.2.2",
    test: { file: "tests/e2e/auth.spec.ts", title: "a cross-origin POST is refused and changes nothing" } },
  { area: "Sessions", attack: "Signing someone out with a cookie naming their session id and a made-up secret, and reading their OIDC id_token from the redirect", defence: "Only the session the pipeline validated is ever ended or read (validatedSessionId); the cookie's raw id never reaches a route", asvs: "4.2.1",
    test: { file: "tests/e2e/session-attacks.spec.ts", title: "refuses to end a session named only by its id: the victim stays signed in and their id_token never leaves" } },
  { area: "Sessions", attack: "Ending someone's session by signing in with its id in the cookie", defence: "Sign-in ends the browser's previous session only when it validated", asvs: "4.2.1",
    test: { file: "tests/e2e/session-attacks.spec.ts", title: "refuses to end another's session by signing in with its id in the cookie" } },
  { area: "Sessions", attack: "Reading session ids from the audit log, its CSV export or AUDIT_LOG_STDOUT", defence: "Sessions are logged by an irreversible reference (first 16 hex digits of SHA-256 of the id), in one place: recordAudit", asvs: "7.1.1",
    test: { file: "tests/integration/session-references.test.ts", title: "refuses to put a usable session id in the audit log, its CSV or stdout: sessions appear by an irreversible reference" } },
  { area: "Sessions", attack: "Reading session ids from audit rows written before the fix", defence: "Migration 0018 rewrites them to the same references", asvs: "7.1.1",
    test: { file: "tests/integration/migrations-session-refs.test.ts", title: "refuses to keep usable session ids in old audit rows: they become the same references new rows get" } },
  { area: "Sessions", attack: "Reading session ids from the sessions pages (yours, or an admin's view of someone's)", defence: "Pages and their data carry references; a reference ends only a session of the person asking", asvs: "4.2.1",
    test: { file: "tests/e2e/session-attacks.spec.ts", title: "refuses to show session ids in pages: the sessions lists carry references only" } },
];
