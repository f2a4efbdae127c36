import type { Attack } from "../catalogue";

export const signIn: Attack[] = [
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
];
