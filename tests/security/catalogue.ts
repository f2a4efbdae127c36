// The named attack tests of every issue, in one place: which attack, the defence it proves, the
// OWASP ASVS 4.0.3 requirement where one applies, and the test that proves it (file + title).
// docs/security.md is generated from this list (npm run security:doc); a test keeps them in step.

export interface Attack {
  area: "Sign-in" | "Sessions" | "Access control" | "API keys" | "OpenID Connect" | "Input and output" | "Secrets";
  attack: string;
  defence: string;
  asvs: string | null;
  test: { file: string; title: string };
}

export const ATTACKS: Attack[] = [
  { area: "Sign-in", attack: "Password guessing against one account", defence: "5 failures in 15 min lock the account; during the lock the right password is refused too", asvs: "2.2.1",
    test: { file: "tests/integration/lockout.test.ts", title: "locks the account after 5 failures within 15 minutes and refuses the right password during the lock" } },
  { area: "Sign-in", attack: "50 parallel guesses racing the lockout", defence: "Each attempt is reserved before the password is checked: only 5 are ever checked", asvs: "2.2.1",
    test: { file: "tests/integration/lockout.test.ts", title: "refuses 50 parallel wrong guesses past the limit: only 5 passwords are ever checked" } },
  { area: "Sign-in", attack: "Password spraying from one address", defence: "20 failures per IP in the window block that address for every account", asvs: "2.2.1",
    test: { file: "tests/integration/lockout.test.ts", title: "throttles an IP after 20 failures, for every account (password spraying)" } },
  { area: "Sign-in", attack: "User enumeration by timing or message", defence: "Unknown users cost the same hashing and get the same message; locks count unknown names too", asvs: "2.2.1",
    test: { file: "tests/integration/credentials.test.ts", title: "refuses user enumeration: unknown user and wrong password do the same work" } },
  { area: "Sign-in", attack: "Common or breached passwords", defence: "Every place that sets a password refuses common ones (zxcvbn), beside the field", asvs: "2.1.7",
    test: { file: "tests/e2e/password-policy.spec.ts", title: "every place that sets a password refuses a common one, beside the field" } },
  { area: "Sign-in", attack: "Replaying a two-factor code", defence: "A TOTP code works once; recovery codes once each", asvs: "2.8.4",
    test: { file: "tests/e2e/two-factor.spec.ts", title: "set up two-factor sign-in, then sign in with a code, refuse its replay, and use a recovery code once" } },
  { area: "Sign-in", attack: "Open redirect through redirectTo", defence: "Only same-origin paths are followed after sign-in", asvs: "5.1.5",
    test: { file: "tests/e2e/auth.spec.ts", title: "signing in brings you back to the page you asked for, never elsewhere" } },
  { area: "Sign-in", attack: "Reusing, racing or guessing invite and reset links", defence: "SHA-256 stored, single use under a lock, expiry, malformed tokens refused before any query", asvs: "2.3.1",
    test: { file: "tests/integration/invites.test.ts", title: "refuse two people racing with the same link: one account only" } },
  { area: "Sign-in", attack: "An LDAP user taking over a local account of the same name", defence: "Directory users are matched by their directory identity, never merged by name", asvs: null,
    test: { file: "tests/integration/ldap.test.ts", title: "refuses to merge a directory user into a local account with the same username" } },
  { area: "Sign-in", attack: "LDAP anonymous bind with an empty password", defence: "Empty passwords are refused before the directory is contacted", asvs: null,
    test: { file: "tests/integration/ldap.test.ts", title: "refuses an empty password before contacting the server (an anonymous bind)" } },
  { area: "Sessions", attack: "Session fixation", defence: "A new token at every sign-in; the browser's previous session is ended", asvs: "3.2.1",
    test: { file: "tests/integration/sign-in.test.ts", title: "refuses session fixation: a token planted before sign-in is dead after it" } },
  { area: "Sessions", attack: "Forged or tampered session token", defence: "id.secret tokens, 160 random bits each, SHA-256 stored, constant-time compare", asvs: "3.2.2",
    test: { file: "tests/integration/sessions.test.ts", title: "refuses a tampered token: right id, wrong secret" } },
  { area: "Sessions", attack: "Cookie sent over plain HTTP", defence: "Secure is set whenever BASE_URL is https", asvs: "3.4.1",
    test: { file: "tests/integration/sign-in.test.ts", title: "refuses to send the session cookie without Secure when BASE_URL is https" } },
  { area: "Sessions", attack: "Cross-site request forgery", defence: "Cookie-authenticated writes must come from our own origin", asvs: "4.2.2",
    test: { file: "tests/e2e/auth.spec.ts", title: "a cross-origin POST is refused and changes nothing" } },
  { area: "Access control", attack: "A non-admin calling admin pages and actions", defence: "One guard per loader and action: 403 and nothing changes", asvs: "4.1.3",
    test: { file: "tests/e2e/manage-security.spec.ts", title: "a non-admin gets 403 from every admin page and action, and nothing changes" } },
  { area: "Access control", attack: "Any route reached by the wrong actor (incl. API keys without the scope)", defence: "Every route of the route table × anonymous, plain user, permission holder, admin, keys with and without it", asvs: "4.1.3",
    test: { file: "tests/e2e/route-matrix.spec.ts", title: "every route × actor answers as the route table says" } },
  { area: "Access control", attack: "Probing board names; writing with too little access", defence: "No view → 404 like a missing board; refused writes change nothing; every actor × route", asvs: "4.2.1",
    test: { file: "tests/e2e/board-matrix.spec.ts", title: "board routes × actors: statuses as the rules say, refused writes change nothing" } },
  { area: "Access control", attack: "Reaching an integration (and its data) without access", defence: "No use → 404; every actor × route; refused writes change nothing", asvs: "4.2.1",
    test: { file: "tests/e2e/integration-matrix.spec.ts", title: "integration routes × actors: statuses as the rules say, refused writes change nothing" } },
  { area: "Access control", attack: "Reading an integration's data through a shared board", defence: "Widget data is fetched only for viewers who may use the integration; others get nothing of it", asvs: "4.1.1",
    test: { file: "tests/e2e/integrations.spec.ts", title: "connect a service, test it, put it on a board; a viewer without use sees a refusal and none of its data" } },
  { area: "Access control", attack: "Locking everyone out by removing the last administrator", defence: "Changes that would leave no active admin are refused under a lock", asvs: null,
    test: { file: "tests/integration/manage-users.test.ts", title: "refuses to deactivate, delete or demote the last active administrator, and changes nothing" } },
  { area: "API keys", attack: "A key doing more than its owner can", defence: "Key permissions ∩ the owner's current ones, on every request", asvs: "4.1.3",
    test: { file: "tests/e2e/api-keys.spec.ts", title: "a key never does more than its owner can now: scope, demotion, deactivation, expiry" } },
  { area: "API keys", attack: "Guessing API keys", defence: "Failures throttled per address in PostgreSQL (all instances) and audited with their reason", asvs: "2.2.1",
    test: { file: "tests/e2e/server-settings.spec.ts", title: "guessing API keys from one address is throttled, for every instance, and audited" } },
  { area: "API keys", attack: "Stolen key material from the database or lists", defence: "Only SHA-256 of the 240-bit secret is stored; lists show the id only", asvs: "2.10.3",
    test: { file: "tests/integration/api-keys.test.ts", title: "look like porch_<id>_<secret> and only the secret's SHA-256 is stored" } },
  { area: "OpenID Connect", attack: "Tampered state, missing state cookie, replayed code", defence: "State checked against this browser's cookie; codes work once (provider)", asvs: null,
    test: { file: "tests/integration/oidc.test.ts", title: "refuses a tampered state, a missing state cookie, and a replayed code" } },
  { area: "OpenID Connect", attack: "Injecting another browser's authorization code", defence: "PKCE verifier and nonce are bound to this browser's cookie", asvs: null,
    test: { file: "tests/integration/oidc.test.ts", title: "refuses a code finished in another browser (the nonce is bound to the code verifier)" } },
  { area: "OpenID Connect", attack: "Forged id_token: another key, wrong aud/iss, expired, wrong nonce, alg none", defence: "jose verification against the provider's JWKS and every claim", asvs: "3.5.3",
    test: { file: "tests/integration/oidc.test.ts", title: "accepts the real thing, and refuses every forgery" } },
  { area: "OpenID Connect", attack: "Taking over a local account through an unverified email", defence: "Linking only when enabled and email_verified is true", asvs: null,
    test: { file: "tests/integration/oidc.test.ts", title: "links to an existing local account by email only when the email is verified and linking is on" } },
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
  { area: "Secrets", attack: "Reading integration secrets from the database or the pages", defence: "AES-256-GCM at rest, write-only in the UI and API; a wrong key fails loudly", asvs: "6.2.1",
    test: { file: "tests/integration/integrations.test.ts", title: "are AES-256-GCM ciphertext in the table, round-trip, and a wrong key fails loudly" } },
  { area: "Secrets", attack: "Passwords or tokens leaking into logs", defence: "The audit log never holds a password, token or key", asvs: "7.1.1",
    test: { file: "tests/e2e/audit-secrets.spec.ts", title: "no password or session token was ever written to the audit log" } },
];

/** docs/security.md, generated. */
export function securityDoc(): string {
  const lines = [
    "# Security: attacks Porch is tested against",
    "",
    "Generated from `tests/security/catalogue.ts` by `npm run security:doc`; `npm test` fails when this file is stale.",
    "ASVS numbers refer to OWASP ASVS 4.0.3 where a requirement applies.",
    "",
  ];
  for (const area of [...new Set(ATTACKS.map((a) => a.area))]) {
    lines.push(`## ${area}`, "", "| attack | defence | ASVS | test |", "| --- | --- | --- | --- |");
    for (const a of ATTACKS.filter((x) => x.area === area)) {
      lines.push(`| ${a.attack} | ${a.defence} | ${a.asvs ? `V${a.asvs}` : "—"} | \`${a.test.file}\`: "${a.test.title}" |`);
    }
    lines.push("");
  }
  return lines.join("\n");
}
