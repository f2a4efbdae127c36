import type { Attack } from "../catalogue";

export const sessions: Attack[] = [
  {
    area: "Sessions",
    attack: "Session fixation",
    defence: "A new token at every sign-in; the browser's previous session is ended",
    asvs: "3.2.1",
    test: { file: "tests/integration/sign-in.test.ts", title: "refuses session fixation: a token planted before sign-in is dead after it" },
  },
  {
    area: "Sessions",
    attack: "Forged or tampered session token",
    defence: "id.secret tokens, 160 random bits each, SHA-256 stored, constant-time compare",
    asvs: "3.2.2",
    test: { file: "tests/integration/sessions.test.ts", title: "refuses a tampered token: right id, wrong secret" },
  },
  {
    area: "Sessions",
    attack: "Cookie sent over plain HTTP",
    defence: "Secure is set whenever BASE_URL is https",
    asvs: "3.4.1",
    test: { file: "tests/integration/sign-in.test.ts", title: "refuses to send the session cookie without Secure when BASE_URL is https" },
  },
  {
    area: "Sessions",
    attack: "Cross-site request forgery",
    defence: "Cookie-authenticated writes must come from our own origin",
    asvs: "4.2.2",
    test: { file: "tests/e2e/auth.spec.ts", title: "a cross-origin POST is refused and changes nothing" },
  },
  {
    area: "Sessions",
    attack:
      "Signing someone out with a cookie naming their session id and a made-up secret, and reading their OIDC id_token from the redirect",
    defence:
      "Only the session the pipeline validated is ever ended or read (validatedSessionId); the cookie's raw id never reaches a route",
    asvs: "4.2.1",
    test: {
      file: "tests/e2e/session-attacks.spec.ts",
      title: "refuses to end a session named only by its id: the victim stays signed in and their id_token never leaves",
    },
  },
  {
    area: "Sessions",
    attack: "Ending someone's session by signing in with its id in the cookie",
    defence: "Sign-in ends the browser's previous session only when it validated",
    asvs: "4.2.1",
    test: { file: "tests/e2e/session-attacks.spec.ts", title: "refuses to end another's session by signing in with its id in the cookie" },
  },
  {
    area: "Sessions",
    attack: "Reading session ids from the audit log, its CSV export or AUDIT_LOG_STDOUT",
    defence: "Sessions are logged by an irreversible reference (first 16 hex digits of SHA-256 of the id), in one place: recordAudit",
    asvs: "7.1.1",
    test: {
      file: "tests/integration/session-references.test.ts",
      title: "refuses to put a usable session id in the audit log, its CSV or stdout: sessions appear by an irreversible reference",
    },
  },
  {
    area: "Sessions",
    attack: "Reading session ids from audit rows written before the fix",
    defence: "Migration 0018 rewrites them to the same references",
    asvs: "7.1.1",
    test: {
      file: "tests/integration/migrations-session-refs.test.ts",
      title: "refuses to keep usable session ids in old audit rows: they become the same references new rows get",
    },
  },
  {
    area: "Sessions",
    attack: "Reading session ids from the sessions pages (yours, or an admin's view of someone's)",
    defence: "Pages and their data carry references; a reference ends only a session of the person asking",
    asvs: "4.2.1",
    test: {
      file: "tests/e2e/session-attacks.spec.ts",
      title: "refuses to show session ids in pages: the sessions lists carry references only",
    },
  },
  {
    area: "Sessions",
    attack: "Keeping a session and API key after being deleted from the directory (Manage → LDAP, Sync now)",
    defence:
      "A sync that can't find the name asks the directory by the account's stored identity; gone → sessions and keys end (resetCredentials), and the page says so",
    asvs: null,
    test: {
      file: "tests/integration/directory-departures.test.ts",
      title: "refuses a deleted directory user's old session and API key once Sync now finds them gone, and says so",
    },
  },
  {
    area: "Sessions",
    attack: "Keeping a session and API key after being deleted from the directory (sign-in path)",
    defence: "A sign-in that can't find the name runs the same identity check",
    asvs: null,
    test: {
      file: "tests/integration/directory-departures.test.ts",
      title: "refuses a deleted directory user's old session and API key once a sign-in finds them gone",
    },
  },
  {
    area: "Sessions",
    attack: "Keeping a session and API key after being disabled in the directory",
    defence: "An entry that no longer passes the user search filter under any of its names counts as disabled",
    asvs: null,
    test: {
      file: "tests/integration/directory-departures.test.ts",
      title: "refuses a disabled directory user's old session and API key once a sign-in finds them disabled",
    },
  },
  {
    area: "Sessions",
    attack: "Keeping a departed account's session and keys when a new entry takes over its name",
    defence: "The old account is checked by its entryUUID, which the new entry doesn't have",
    asvs: null,
    test: {
      file: "tests/integration/directory-departures.test.ts",
      title: "refuses an old account's session and keys once its name belongs to a new directory entry",
    },
  },
  {
    area: "Sessions",
    attack: "Ending a present directory user's sessions with failed sign-ins under their name",
    defence: "Only the directory's answer about the stored identity ends anything, never a typed name that found nobody",
    asvs: "4.2.1",
    test: {
      file: "tests/integration/directory-departures.test.ts",
      title: "refuses to let a failed sign-in end the sessions of someone still in the directory",
    },
  },
  {
    area: "Sessions",
    attack: "Cookie tossing: a sibling subdomain plants a session cookie (the attacker's session, or a fixed one)",
    defence: "Over https the session cookie is __Host-porch_session and a bare porch_session is never read",
    asvs: "3.4.4",
    test: {
      file: "tests/e2e/operations.spec.ts",
      title: "refuses a session cookie a sibling subdomain could plant: over https only __Host-porch_session counts",
    },
  },
  {
    area: "Sessions",
    attack: "Cookie tossing: a sibling subdomain plants a two-factor step of the attacker's account",
    defence: "The pending sign-in cookie is __Host- over https, like every other cookie",
    asvs: "3.4.4",
    test: { file: "tests/integration/cookie-tossing.test.ts", title: "refuses a two-factor step planted by a sibling subdomain" },
  },
  {
    area: "Sessions",
    attack:
      "Signing in with a leaked password in a loop while its owner changes it: a sign-in that checked the old password got a session after the change",
    defence:
      "The password check hands on the hash it matched; startSession locks the account's row (as resetCredentials does) and makes the session only if that hash is still the account's",
    asvs: "3.3.1",
    test: {
      file: "tests/integration/credential-resets.test.ts",
      title: "refuses a session to a sign-in that checked the old password while it was being changed (a thief racing the owner)",
    },
  },
  {
    area: "Sessions",
    attack:
      "The same race through two-factor sign-in: a password step or a code step that proved the old password while its owner changed it",
    defence:
      "The pending step is written, and the session made, under the account's row lock only while the proved hash is still the account's (proofHolds)",
    asvs: "3.3.1",
    test: {
      file: "tests/integration/credential-resets.test.ts",
      title: "refuses the two-factor step to a sign-in whose password changed under it, at either step",
    },
  },
  {
    area: "Sessions",
    attack:
      "Signing in as a service account: a password, reset link, two-factor secret, passkey, session or device approval given to one by any code path (issue #23)",
    defence: "The database refuses each (a check constraint and triggers), and a kind never changes; sign-in checks say why first",
    asvs: "2.10.1",
    test: {
      file: "tests/integration/service-accounts.test.ts",
      title: "are listed apart from people, and nothing can give them a way to sign in, whatever code path asks",
    },
  },
  {
    area: "Sessions",
    attack: "Giving a service account's key more than the account holds, or an email or password through its page (issue #23)",
    defence: "Its keys are checked against what it holds now, and its page refuses what only a person has (400, nothing written)",
    asvs: "2.10.1",
    test: {
      file: "tests/e2e/service-accounts.spec.ts",
      title: "a service account's page refuses what only a person has, and its keys are made there only with what it holds",
    },
  },
];
