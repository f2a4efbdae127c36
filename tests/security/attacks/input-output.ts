import type { Attack } from "../catalogue";

export const inputOutput: Attack[] = [
  {
    area: "Input and output",
    attack: "Stored XSS through names, notes and descriptions",
    defence: "Everything renders as text under a nonce-only CSP",
    asvs: "5.3.3",
    test: { file: "tests/e2e/manage-security.spec.ts", title: "display names, emails and group names render as inert text" },
  },
  {
    area: "Input and output",
    attack: "Script injection on a board (notes, app URLs)",
    defence: "Notes are escaped text; only http(s) URLs are accepted",
    asvs: "5.3.3",
    test: {
      file: "tests/e2e/boards.spec.ts",
      title: "a creator makes a board, fills it, reorders and edits items, and notes stay inert text",
    },
  },
  {
    area: "Input and output",
    attack: "SQL injection",
    defence: "Parameterized queries only (postgres.js tagged templates)",
    asvs: "5.3.4",
    test: { file: "tests/integration/credentials.test.ts", title: "refuses SQL metacharacters in the username and changes nothing" },
  },
  {
    area: "Input and output",
    attack: "Junk to every form and JSON endpoint",
    defence: "Validated input: a 400 with messages, never a 5xx or a stack trace",
    asvs: "5.1.3",
    test: { file: "tests/e2e/fuzz.spec.ts", title: "JSON endpoints answer junk without a 5xx or a stack trace" },
  },
  {
    area: "Input and output",
    attack: "Script injection beyond our own code",
    defence: "Content-Security-Policy with per-request nonces; zero violations in the app",
    asvs: "14.4.3",
    test: { file: "tests/e2e/headers.spec.ts", title: "the app runs under its Content-Security-Policy without a single violation" },
  },
  {
    area: "Input and output",
    attack: "A NUL byte in the name given to Manage → LDAP → Sync now",
    defence: "The departure check never sends it to PostgreSQL: the answer is the directory's 400 with its message",
    asvs: "5.1.3",
    test: {
      file: "tests/integration/directory-departures.test.ts",
      title: "refuses a NUL byte in the name to sync with a 4xx and a message, never a 5xx",
    },
  },
  {
    area: "Input and output",
    attack: "A secret with a line break or control character (header injection, reflection in errors)",
    defence: "Refused beside the field and in the API (400), nothing written; the stored secret stands",
    asvs: "5.1.3",
    test: {
      file: "tests/e2e/integration-secrets.spec.ts",
      title: "refuses a secret with a line break (API and form), which the runtime would quote back in an error message",
    },
  },
  {
    area: "Input and output",
    attack: "A basic-auth password beyond Latin-1 making every check of the integration fail with a 500",
    defence: "Basic credentials are encoded as UTF-8 (RFC 7617)",
    asvs: null,
    test: {
      file: "tests/integration/integrations.test.ts",
      title: "refuses to crash on a basic-auth password beyond Latin-1: it is sent as UTF-8 (RFC 7617)",
    },
  },
  {
    area: "Input and output",
    attack: "NUL bytes in paths, queries, forms and JSON (PostgreSQL refuses them: 500s)",
    defence: "The request gate refuses any NUL anywhere with a 400 and a sentence before a route runs",
    asvs: "5.1.3",
    test: {
      file: "tests/e2e/bad-requests.spec.ts",
      title: "refuses NUL bytes in paths, queries, forms and JSON with a 400 and a message, and writes nothing",
    },
  },
  {
    area: "Input and output",
    attack: "Junk query strings on every GET route (NULs, broken percent-encoding)",
    defence: "Fuzzed: never a 5xx or a stack trace",
    asvs: "5.1.3",
    test: {
      file: "tests/e2e/fuzz.spec.ts",
      title: "GET routes answer junk query strings without a 5xx or a stack trace, signed in as admin or not",
    },
  },
  {
    area: "Input and output",
    attack: "An integration's service answering 64 MB (read whole before the 1 MB check, on every board view)",
    defence: "remoteText reads at most 1 MB and stops",
    asvs: "12.1.1",
    test: {
      file: "tests/integration/integrations.test.ts",
      title: "refuses a 64 MB answer: json-api stops reading at 1 MB instead of checking afterwards",
    },
  },
  {
    area: "Input and output",
    attack: "An OpenID provider (or an impostor) answering 64 MB to discovery, token, userinfo or key-set requests",
    defence: "Every answer read up to 1 MB: our own token request (both auth methods), jose given a capped fetch",
    asvs: "12.1.1",
    test: {
      file: "tests/integration/oidc-limits.test.ts",
      title: "refuses 64 MB answers: discovery, token (basic and post), userinfo and key set are read up to 1 MB",
    },
  },
  {
    area: "Input and output",
    attack:
      "Numbers and times PostgreSQL can't hold in a query string (page=1e20, from=0000-01-01, a cursor with month 13 or an id past bigint): 500s, and a CSV export cut off with its query's parameters in Deno's log",
    defence:
      "One module reads page numbers, counts, times and ids from query strings (query-values.ts) and ignores what can't be stored; a failing export logs one line and breaks off",
    asvs: "5.1.3",
    test: {
      file: "tests/e2e/bad-requests.spec.ts",
      title: "refuses numbers and times PostgreSQL can't hold (pages, cursors, dates) with a 4xx or by ignoring them, never a 5xx",
    },
  },
  {
    area: "Input and output",
    attack: "An unpaired surrogate (\\ud800) in a JSON edit, so the change is saved but its audit row is lost",
    defence: "readJson refuses text that isn't valid Unicode (400); an audit row's details are made well-formed, never dropped",
    asvs: "7.2.1",
    test: {
      file: "tests/e2e/boards-api.spec.ts",
      title: "refuses a JSON edit carrying an unpaired surrogate (which no audit row could hold) with 400, and changes nothing",
    },
  },
  {
    area: "Input and output",
    attack: "Audit details carrying an unpaired surrogate from any source (an IdP's claims, a future form)",
    defence: "recordAudit stores U+FFFD in its place: the row is written",
    asvs: "7.2.1",
    test: {
      file: "tests/integration/audit-unicode.test.ts",
      title: "refuses to lose an audit row to an unpaired surrogate in its details: the row is written, the surrogate replaced",
    },
  },
  {
    area: "Input and output",
    attack: "Filling the error log with stack traces through ?_data= on any page",
    defence: "The request gate answers the old data protocol with 400 before Remix sees it",
    asvs: "7.4.1",
    test: {
      file: "tests/e2e/bad-requests.spec.ts",
      title: "refuses the old ?_data protocol on every route with a 400, never Remix's error answer",
    },
  },
  {
    area: "Input and output",
    attack: "A POST below a display link's address: Remix's 405 page repeated the address, its token included (attack36)",
    defence: "Remix's router errors are patched to never quote the address (patches/@remix-run+router), on every route",
    asvs: "8.1.1",
    test: {
      file: "tests/e2e/display-links.spec.ts",
      title: "display links over HTTP: the API makes and revokes them, and a link opens its display and nothing else",
    },
  },
  {
    area: "Input and output",
    attack:
      "Making Porch mail any outside address without limit: typing a stranger's address as your email, then changing it away (attack42)",
    defence: "Security mails go only to addresses Porch confirmed (or a directory's); the replaced address only when it was confirmed",
    asvs: null,
    test: {
      file: "tests/integration/security-notifications.test.ts",
      title: "tell the confirmed address an email change replaced; never an address nobody confirmed (attack42)",
    },
  },
  {
    area: "Input and output",
    attack: "Writing phishing lines into a real Porch mail through a passkey's name (attack42)",
    defence: "Passkey names are kept on one line (passkeyName); every fact in a security mail is put on one line and shortened",
    asvs: null,
    test: {
      file: "tests/integration/security-notifications.test.ts",
      title: "refuse to let a passkey's name add lines to a mail (attack42)",
    },
  },
  {
    area: "Input and output",
    attack: "Locking someone's account from the login form without them being told (attack42)",
    defence: "The lockout mail finds the account by the locked name's key, not only the signed-in actor",
    asvs: null,
    test: {
      file: "tests/integration/security-notifications.test.ts",
      title: "tell a person their account was locked by someone guessing at the login form (attack42)",
    },
  },
  {
    area: "Input and output",
    attack: "A proxy or LDAP account typing a stranger's address on My account to make Porch mail it (attack43)",
    defence: "Security mails go only to addresses Porch confirmed, whatever the provider",
    asvs: null,
    test: {
      file: "tests/integration/security-notifications.test.ts",
      title: "refuse to mail an address a directory or proxy account typed in itself (attack43)",
    },
  },
  {
    area: "Sessions",
    attack: "A stolen session turning off the API-key mail, then making a long-lived key unseen (attack43)",
    defence: "Changing security mails asks for a recent proof (sensitive intent) and turning any off is itself mailed, always",
    asvs: null,
    test: {
      file: "tests/integration/security-notifications.test.ts",
      title: "tell the person, always, when their security mails are turned off (attack43)",
    },
  },
  {
    area: "Input and output",
    attack: "Sending text of one's choosing (links, markdown) to the administrators' webhook receivers by locking out a name nobody has",
    defence: "account.locked is sent only for an account that exists, and names it by its username",
    asvs: null,
    test: {
      file: "tests/integration/webhooks.test.ts",
      title: "say nothing of a lockout of a name nobody has: anyone can type one six times, with any text (attack44)",
    },
  },
];
