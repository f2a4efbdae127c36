import type { Attack } from "../catalogue";

export const signIn: Attack[] = [
  {
    area: "Sign-in",
    attack: "Password guessing against one account",
    defence: "5 failures in 15 min lock the account; during the lock the right password is refused too",
    asvs: "2.2.1",
    test: {
      file: "tests/integration/lockout.test.ts",
      title: "locks the account after 5 failures within 15 minutes and refuses the right password during the lock",
    },
  },
  {
    area: "Sign-in",
    attack: "50 parallel guesses racing the lockout",
    defence: "Each attempt is reserved before the password is checked: only 5 are ever checked",
    asvs: "2.2.1",
    test: {
      file: "tests/integration/lockout.test.ts",
      title: "refuses 50 parallel wrong guesses past the limit: only 5 passwords are ever checked",
    },
  },
  {
    area: "Sign-in",
    attack: "Password spraying from one address",
    defence: "20 failures per IP in the window block that address for every account",
    asvs: "2.2.1",
    test: { file: "tests/integration/lockout.test.ts", title: "throttles an IP after 20 failures, for every account (password spraying)" },
  },
  {
    area: "Sign-in",
    attack: "User enumeration by timing or message",
    defence: "Unknown users cost the same hashing and get the same message; locks count unknown names too",
    asvs: "2.2.1",
    test: {
      file: "tests/integration/credentials.test.ts",
      title: "refuses user enumeration: unknown user and wrong password do the same work",
    },
  },
  {
    area: "Sign-in",
    attack: "Common or breached passwords",
    defence: "Every place that sets a password refuses common ones (zxcvbn), beside the field",
    asvs: "2.1.7",
    test: { file: "tests/e2e/password-policy.spec.ts", title: "every place that sets a password refuses a common one, beside the field" },
  },
  {
    area: "Sign-in",
    attack: "Replaying a two-factor code",
    defence: "A TOTP code works once; recovery codes once each",
    asvs: "2.8.4",
    test: {
      file: "tests/e2e/two-factor.spec.ts",
      title: "set up two-factor sign-in, then sign in with a code, refuse its replay, and use a recovery code once",
    },
  },
  {
    area: "Sign-in",
    attack: "Open redirect through redirectTo",
    defence: "Only same-origin paths are followed after sign-in",
    asvs: "5.1.5",
    test: { file: "tests/e2e/auth.spec.ts", title: "signing in brings you back to the page you asked for, never elsewhere" },
  },
  {
    area: "Sign-in",
    attack: "Reusing, racing or guessing invite and reset links",
    defence: "SHA-256 stored, single use under a lock, expiry, malformed tokens refused before any query",
    asvs: "2.3.1",
    test: { file: "tests/integration/invites.test.ts", title: "refuse two people racing with the same link: one account only" },
  },
  {
    area: "Sign-in",
    attack: "An LDAP user taking over a local account of the same name",
    defence: "Directory users are matched by their directory identity, never merged by name",
    asvs: null,
    test: {
      file: "tests/integration/ldap.test.ts",
      title: "refuses to merge a directory user into a local account with the same username",
    },
  },
  {
    area: "Sign-in",
    attack: "LDAP anonymous bind with an empty password",
    defence: "Empty passwords are refused before the directory is contacted",
    asvs: null,
    test: { file: "tests/integration/ldap.test.ts", title: "refuses an empty password before contacting the server (an anonymous bind)" },
  },
  {
    area: "Sign-in",
    attack: "Re-entering the known password to reset the two-factor lockout (4 codes, password, 4 codes…)",
    defence: "Codes, recovery codes and passwords spend one account budget; only a whole sign-in, second factor included, gives it back",
    asvs: "2.2.1",
    test: {
      file: "tests/integration/sign-in-budget.test.ts",
      title: "refuses unlimited code guessing by re-entering the password: codes, recovery codes and passwords spend one budget",
    },
  },
  {
    area: "Sign-in",
    attack: "Guessing the current password on My account with a stolen session",
    defence: "The check goes through the account budget (checkSecret): it locks the account like failed sign-ins",
    asvs: "2.2.1",
    test: {
      file: "tests/integration/sign-in-budget.test.ts",
      title: "refuses unlimited guessing of the current password on My account: it spends the sign-in budget",
    },
  },
  {
    area: "Sign-in",
    attack: "Guessing the password (and code) that make new recovery codes or turn two-factor off",
    defence: "Same budget; one attempt per password-and-code pair, so a known password buys no free code guesses",
    asvs: "2.2.1",
    test: {
      file: "tests/integration/sign-in-budget.test.ts",
      title: "refuses unlimited password guessing when making new recovery codes or turning two-factor off",
    },
  },
  {
    area: "Sign-in",
    attack: "Look-alike spellings of a locked username (ALICE, fullwidth ａlice, dotted alİce) for fresh guesses",
    defence: "One canonical form (NFKC, lower case) computed by PostgreSQL for lookups and lockout keys alike",
    asvs: "2.2.1",
    test: {
      file: "tests/integration/lockout.test.ts",
      title: "refuses look-alike usernames as a way around a lock: ALICE, ａlice (fullwidth) and alİce (dotted İ) are alice",
    },
  },
  {
    area: "Sign-in",
    attack: "Choosing a username that reads as another (ａlice, ﬁona, alİce, Cyrillic аlice)",
    defence: "Every form that names an account refuses names that are not NFKC, change in lower case, or mix look-alike alphabets",
    asvs: null,
    test: {
      file: "tests/unit/usernames.test.ts",
      title: "refuses ambiguous usernames at creation: compatibility forms, letters that change in lower case, mixed alphabets",
    },
  },
  {
    area: "Sign-in",
    attack: "Choosing a look-alike username through any door: onboarding, an invite, the admin form or rename, the API",
    defence: "All of them share one username schema: 400 with the reason beside the field, nothing written",
    asvs: null,
    test: {
      file: "tests/integration/usernames.test.ts",
      title: "refuses an ambiguous username beside the field in every form and endpoint that names an account, and writes nothing",
    },
  },
  {
    area: "Sign-in",
    attack:
      "A second account whose name means the same as an existing one (ＡＬＩＣＥ, ΟΔΟΣ after οδος), even through a path that forgets the check",
    defence: "The unique index is on the canonical form (users.username_key), so the database itself refuses",
    asvs: null,
    test: {
      file: "tests/integration/usernames.test.ts",
      title: "refuses a second account whose name means the same as an existing one, down to the database",
    },
  },
  {
    area: "Sign-in",
    attack: "An ambiguous administrator name through the CLI's recreate-admin",
    defence: "The CLI applies the same username rules before touching the database",
    asvs: null,
    test: {
      file: "tests/integration/usernames.test.ts",
      title: "refuses an ambiguous name in the CLI's recreate-admin and creates nothing",
    },
  },
  {
    area: "Sign-in",
    attack: 'Telling which accounts exist from how long "Forgot password" takes',
    defence: "The answer comes before any lookup, link or mail: known and unknown accounts do the same work (counted) before it",
    asvs: null,
    test: {
      file: "tests/integration/reset-mail.test.ts",
      title: "refuses to tell by its work whether an account exists: nothing is looked up, written or mailed before the answer",
    },
  },
  {
    area: "Sign-in",
    attack: "Telling imported (bcrypt) accounts from unknown ones by sign-in timing",
    defence: "While imported hashes remain, every path does one argon2id and one bcrypt at their cost (counted)",
    asvs: null,
    test: {
      file: "tests/integration/credentials.test.ts",
      title: "refuses telling imported (bcrypt) accounts from unknown ones by timing: every path does the same hashing",
    },
  },
  {
    area: "Sign-in",
    attack: "Open redirect through dot segments in redirectTo (/.//evil, /%2e//evil, /a/..//evil)",
    defence:
      "safeRedirect checks the resolved result, not the input: one leading slash, no backslash, our origin; the two-factor step checks again where it follows it",
    asvs: "5.1.5",
    test: {
      file: "tests/e2e/redirects.spec.ts",
      title: "refuses an open redirect through dot segments: sign-in, the signed-in login page, two-factor step, /api/auth/signin",
    },
  },
  {
    area: "Sign-in",
    attack: "Open redirect through any other spelling of redirectTo (generated)",
    defence: "Property: for every generated string the Location resolves to our origin and is already in its final form",
    asvs: "5.1.5",
    test: {
      file: "tests/unit/safe-redirect.test.ts",
      title: "refuses an open redirect for any generated redirectTo: the Location always resolves to our origin",
    },
  },
  {
    area: "Sign-in",
    attack: "Open redirect through generated redirectTo on the running server",
    defence: "The same property over HTTP, against the real login route",
    asvs: "5.1.5",
    test: {
      file: "tests/e2e/redirects.spec.ts",
      title: "refuses an open redirect for any generated redirectTo on the signed-in login page",
    },
  },
  {
    area: "Sign-in",
    attack: "Open redirect from a planted OpenID Connect return cookie (cookie tossing)",
    defence: "The return path is checked again when the callback follows it",
    asvs: "5.1.5",
    test: { file: "tests/e2e/redirects.spec.ts", title: "refuses an open redirect from a planted OpenID Connect return cookie" },
  },
  {
    area: "Sign-in",
    attack:
      "A username that reads as another through a script few people read (Lisu ꓮ, Cherokee Ꭺ) or a phonetic Latin letter (ɑ, ʙ, ȷ, ı)",
    defence:
      "Letters only from Unicode's recommended scripts, one writing system per name (TR39, highly restrictive), Latin letters only those living languages write",
    asvs: "5.1.4",
    test: {
      file: "tests/unit/usernames.test.ts",
      title:
        "refuses look-alikes from any alphabet, not only Latin, Greek and Cyrillic: scripts few people read, and phonetic Latin letters",
    },
  },
  {
    area: "Sign-in",
    attack: "Password spraying from one IPv6 /64, a new address for every guess, to escape the per-address throttle",
    defence: "Throttles count an IPv6 client by its /64 (throttledNetwork), sign-in and API keys alike; audit rows keep the full address",
    asvs: "2.2.1",
    test: {
      file: "tests/integration/lockout.test.ts",
      title: "refuses to let one IPv6 network escape the throttle by rotating addresses: a /64 counts as one client",
    },
  },
  {
    area: "Sign-in",
    attack:
      "Reading passwords out of the audit log or stdout: people type their password into Username, and failed sign-ins were logged with the name as typed (attack11, attack12)",
    defence:
      "A name no account has is kept as its first character and length only (failedSignInName); an account's own name is kept for its lock history",
    asvs: "7.1.1",
    test: {
      file: "tests/integration/lockout.test.ts",
      title:
        "refuses to keep a name no account has, often a password typed into Username: its first character and length only (attack11, attack12)",
    },
  },
  {
    area: "Sign-in",
    attack:
      "With a stolen session, turning two-factor on with one's own phone: the owner is locked out at the next sign-in and the thief holds the recovery codes (attack12)",
    defence: "Setting it up asks for the password first, within the account's lockout budget, as new recovery codes and turning it off do",
    asvs: "2.8.1",
    test: {
      file: "tests/e2e/two-factor.spec.ts",
      title: "turning two-factor on needs the password: a stolen session can't tie the account to another phone (attack12)",
    },
  },
  {
    area: "Sign-in",
    attack: "With a stolen session, adding one's own passkey: a way back into the account that outlives the session",
    defence: "Adding a passkey asks for the password first, within the account's lockout budget; a wrong one makes no passkey anywhere",
    asvs: "2.8.1",
    test: {
      file: "tests/e2e/passkeys.spec.ts",
      title: "add a passkey (password first), sign in with it and no password, rename it, remove it: then it signs in no more",
    },
  },
  {
    area: "Sign-in",
    attack: "Signing in with a copy of someone's passkey (a cloned security key) after the original was used",
    defence: "A signature counter that doesn't move forward (when either side keeps one) is refused and audited as passkey.counter-anomaly",
    asvs: "2.9.1",
    test: { file: "tests/e2e/passkeys.spec.ts", title: "a copied passkey whose counter goes backwards is refused and audited" },
  },
  {
    area: "Sign-in",
    attack:
      "A look-alike page on another origin of the same domain (another port of the host: the same RP ID) relaying the person's passkey answer to its own challenge; or replaying an answer that signed in",
    defence:
      "Only answers made on BASE_URL's exact origin count (the attempt is audited as passkey.wrong-origin); a challenge is redeemed once, then is gone",
    asvs: "2.9.3",
    test: {
      file: "tests/e2e/passkeys.spec.ts",
      title: "an answer made on another site (a page relaying it) or replayed is refused, with no session",
    },
  },
  {
    area: "Sign-in",
    attack: "Finishing a passkey ceremony from another browser, or with a challenge issued for another purpose or another person's session",
    defence: "The challenge row is found by the id and secret in the asking browser's cookie, and only for its purpose, person and session",
    asvs: "3.5.2",
    test: { file: "tests/integration/passkey-challenges.test.ts", title: "only for their purpose and their person's session" },
  },
  {
    area: "Sign-in",
    attack: "Getting around a deactivation, or a directory that removed the person, with a passkey registered earlier",
    defence: "A passkey signs in active accounts of Porch's own only; directory, OpenID Connect and proxy accounts have none",
    asvs: "2.5.1",
    test: {
      file: "tests/e2e/passkeys.spec.ts",
      title: "a passkey signs nobody in once its account is deactivated, or signs in through a directory",
    },
  },
  {
    area: "Sign-in",
    attack:
      "Keeping a hijacked account after its recovery: a passkey added with the stolen password outlived reset links, admin passwords, End all access and deactivation (attack23)",
    defence:
      "Every recovery (resetCredentials) removes the account's passkeys and counts them in its audit row; only one's own password change keeps them",
    asvs: "2.5.6",
    test: {
      file: "tests/integration/credential-resets.test.ts",
      title: "refuses to let a passkey outlive any recovery; changing one's own password keeps them (attack23)",
    },
  },
  {
    area: "Sign-in",
    attack:
      "Two copies of one key answering at the same moment with the same counter: the check read, then wrote, so several passed (attack23)",
    defence:
      "The counter is compared and moved in one UPDATE (only when the stored one is lower): one answer wins, the rest are refused and audited",
    asvs: "2.9.1",
    test: {
      file: "tests/integration/passkey-sign-in.test.ts",
      title: "refuses all but one of two copies of a key answering at the same moment with the same counter (attack23)",
    },
  },
  {
    area: "Sign-in",
    attack: "Flooding passkey sign-ins with refused answers (each one an audit row), unthrottled (attack23)",
    defence:
      "A refused passkey answer counts against the client's network like a wrong password; starting sign-ins is rate-limited per network",
    asvs: "2.2.1",
    test: {
      file: "tests/e2e/passkeys.spec.ts",
      title: "a network that keeps failing passkey sign-ins is throttled like one guessing passwords",
    },
  },
  {
    area: "Sign-in",
    attack:
      "Adding passkeys from a stolen session in parallel while the owner or an administrator recovers the account, so that some are stored after the recovery removed the others (attack24)",
    defence: "Storing a passkey locks the owner's row, as a recovery does, and checks the session is still alive in the same transaction",
    asvs: "2.5.6",
    test: {
      file: "tests/integration/passkey-sign-in.test.ts",
      title: "refuses to keep a passkey added by a session while a recovery ends it (attack24)",
    },
  },
  {
    area: "Sign-in",
    attack:
      "With a stolen administrator's session, setting that administrator's own password (or a reset link, or dropping their two-factor) on their user page, where no current password is asked (attack24)",
    defence: "An administrator's own page refuses those three; My account does them, asking for the current password",
    asvs: "2.5.1",
    test: {
      file: "tests/e2e/manage-users.spec.ts",
      title:
        "an administrator's own page sets no password, makes no reset link and drops no two-factor: a stolen session can't keep the account (attack24)",
    },
  },
  {
    area: "Sign-in",
    attack:
      "A burst of passkey sign-ins racing a recovery: answers verified just before the passkey was removed still got sessions, which could make lasting API keys (attack25)",
    defence:
      "The session is made only if, with the account's row locked as a recovery locks it, the account is still active and the passkey still its own (read after the lock)",
    asvs: "2.5.6",
    test: {
      file: "tests/integration/passkey-sign-in.test.ts",
      title: "gives no session to a passkey sign-in that a recovery overtakes (attack25)",
    },
  },
  {
    area: "Sign-in",
    attack:
      "A look-alike site relays a member's password and code (a real-time phishing proxy) to sign in as a member of a group that requires passkeys",
    defence:
      "A session not proved by a passkey opens nothing but the confirm page, where only one of the person's passkeys answers, made on BASE_URL's origin; a device without it can't",
    asvs: "2.2.1",
    test: {
      file: "tests/e2e/passkey-requirement.spec.ts",
      title: "a passkey sign-in meets it at once; a password's session must confirm, and a device without the passkey can't",
    },
  },
  {
    area: "Sign-in",
    attack:
      "Getting past a group's passkey requirement through another door: the JSON API with the session's cookie, a page other than the one that meets it",
    defence:
      "authorize() opens only the routes of the step (Security to add one, then /auth/confirm) and answers the API with 403; forward auth refuses likewise",
    asvs: "4.1.3",
    test: {
      file: "tests/e2e/passkey-requirement.spec.ts",
      title: "a password's session opens only Security until a passkey is added, then only the confirm page until it answers",
    },
  },
  {
    area: "Sign-in",
    attack:
      "Sessions from before the requirement, API keys, and accounts that can't hold a passkey (directory, identity provider, proxy) slipping past it",
    defence:
      "Read with the actor on every request: old sessions count as a password's, a key works only once its owner has a passkey, an account that can't have one is shut out",
    asvs: "4.1.3",
    test: {
      file: "tests/integration/passkey-requirement.test.ts",
      title: "shuts out accounts that can't have passkeys, and everyone while passkeys are off",
    },
  },
  {
    area: "Sign-in",
    attack:
      "Planting one's own password session's cookie in the owner's browser (another site on the same host can), so that the owner's passkey confirms the attacker's session (attack26)",
    defence:
      "Confirming with a passkey ends the session it answered on and gives the confirming browser a new one: the planted copy is worth nothing",
    asvs: "3.2.1",
    test: {
      file: "tests/e2e/passkey-requirement.spec.ts",
      title: "the owner's passkey answering on a session someone planted in their browser ends that session (attack26)",
    },
  },
  {
    area: "Sign-in",
    attack:
      "With a phished password, adding one's own first passkey for a member of a group that requires passkeys: a lasting takeover that shuts the owner out (attack26)",
    defence:
      "A first passkey can be added with a password only within a window the administrator chose when turning the requirement on; after it, the member is told to ask an administrator",
    asvs: "2.2.1",
    test: {
      file: "tests/integration/passkey-requirement.test.ts",
      title: "lets nobody enrol a first passkey with a password once the window is over: whoever phished it would (attack26)",
    },
  },
  {
    area: "Sign-in",
    attack:
      "Keeping a session proved by a passkey after that passkey is removed (a thief's passkey found and removed by an administrator) (attack26)",
    defence: "A session counts as proved only while the passkey that proved it exists (sessions.passkey_id, on delete set null)",
    asvs: "3.3.1",
    test: {
      file: "tests/integration/passkey-requirement.test.ts",
      title: "takes the proof away from the sessions a removed passkey made (a lost device, a thief's passkey) (attack26)",
    },
  },
  {
    area: "Sign-in",
    attack:
      "An API key made with a phished password before a group required passkeys, or made in a session a thief's passkey proved, outliving the rule or the passkey's removal (attack27)",
    defence:
      "Where a group requires passkeys, a key works only if a session one of the owner's passkeys proved made it, and only while that passkey exists (api_keys.passkey_id)",
    asvs: "2.2.1",
    test: {
      file: "tests/integration/passkey-requirement.test.ts",
      title: "lets a key work only if a session a passkey of theirs proved made it, and while that passkey exists (attack27)",
    },
  },
  {
    area: "Sessions",
    attack:
      "With a session left open on a shared screen, or a stolen session cookie, minting an API key or changing a person's access without knowing anything",
    defence:
      "Sensitive actions (the route table's `sensitive`) need a proof within AUTH_ELEVATION_TTL; the refusal asks for the password, a code, a passkey or the provider again",
    asvs: "3.7.1",
    test: {
      file: "tests/e2e/elevation.spec.ts",
      title: "an API key made long after signing in asks for the password, keeps what was typed, then makes the key",
    },
  },
  {
    area: "Sessions",
    attack: "Reaching a sensitive action through the JSON API with a stale session cookie instead of the form",
    defence: "The same guard answers 403 with a link to /auth/confirm; API keys are their own proof",
    asvs: "3.7.1",
    test: {
      file: "tests/e2e/elevation.spec.ts",
      title:
        "the JSON API refuses a session's sensitive change without a recent proof, and takes it after /auth/confirm; a key is its own proof",
    },
  },
  {
    area: "Sessions",
    attack: "Planting one's stolen session's cookie in the owner's browser so that the owner's confirmation elevates the attacker's copy",
    defence: "A confirmation renews the session: the browser gets a new id and secret, the session the proof was given on ends",
    asvs: "3.2.1",
    test: {
      file: "tests/integration/elevation.test.ts",
      title: "takes the proof the refused form comes back with: a new session for the browser, the old one gone",
    },
  },
  {
    area: "Sessions",
    attack:
      "A stolen session cookie of a trusted proxy's account, sent straight to Porch (not through the proxy), doing sensitive things unasked because proxy accounts were exempt (attack29)",
    defence: "A proxy's sessions are asked to confirm like any; with nothing to confirm with here, they sign in again through the proxy",
    asvs: "3.7.1",
    test: {
      file: "tests/integration/elevation.test.ts",
      title: "asks nothing of the same route's other forms or of API keys; a proxy's sessions are asked like any (attack29)",
    },
  },
  {
    area: "Sessions",
    attack:
      "On a shared screen: signing out and back in through an identity provider that signs the person in silently, to get a fresh proof without knowing anything (attack29)",
    defence:
      "An OpenID Connect sign-in proves something only from the id_token's auth_time; without one, nothing; the confirmation sends prompt=login and max_age=0",
    asvs: "3.7.1",
    test: {
      file: "tests/e2e/oidc.spec.ts",
      title: "an OpenID Connect account confirms it's them by signing in at the provider again (prompt=login)",
    },
  },
  {
    area: "Sessions",
    attack:
      "A stolen, older session cookie of an account with no password here (proxy, directory, identity provider) setting up two-factor, then using its own codes as the fresh proof, and locking the owner out (attack30)",
    defence:
      "Setting up and turning on two-factor and adding a passkey are sensitive; a form's own password is a proof only for an account that has one, and it renews the session",
    asvs: "3.7.1",
    test: {
      file: "tests/integration/elevation.test.ts",
      title: "refuses each listed action once the proof is 10 minutes old, and allows it a second before",
    },
  },
  {
    area: "Sessions",
    attack:
      "A stolen, older session cookie finishing (or reading the secret of) a two-factor setup the owner began and left, to hold a copy of their authenticator (attack30)",
    defence:
      "A setup lasts 15 minutes, its secret is shown only to a session that proved it's them recently, and setting up again always makes a new secret",
    asvs: "2.8.1",
    test: {
      file: "tests/e2e/elevation.spec.ts",
      title: "a stale session can't set up two-factor, finish a setup, or read a pending secret: each asks to confirm first (attack30)",
    },
  },
  {
    area: "Sessions",
    attack:
      'A thief prepares a confirmation page ("change their permissions") in the shared session and hands it to the owner, who can\'t tell whose account it changes (attack30)',
    defence: "The confirmation page names the account, group or board the action is about, and says to confirm only what one asked for",
    asvs: "3.7.1",
    test: {
      file: "tests/integration/elevation.test.ts",
      title: "names whose account, which group or board the confirmation is about (attack30: a prepared page said only 'their')",
    },
  },
  {
    area: "Sessions",
    attack: 'A prepared confirmation of "stop protecting the app" handed to the owner, who can\'t tell which app (attack31)',
    defence: "The confirmation page names the protected app's address, as it names accounts, groups and boards",
    asvs: "3.7.1",
    test: {
      file: "tests/integration/elevation.test.ts",
      title: "names whose account, which group or board the confirmation is about (attack30: a prepared page said only 'their')",
    },
  },
  {
    area: "Sign-in",
    attack: "Reading a TV's sign-in code over someone's shoulder and trading it for a session in another browser (issue #22)",
    defence:
      "The code only finds the request for approval; the session goes to the browser holding the request's cookie (160-bit secret, hashed), once",
    asvs: "2.7.2",
    test: {
      file: "tests/e2e/device-sign-in.spec.ts",
      title:
        "device sign-in over HTTP: the code is worth nothing without the TV's cookie, works once, asks a stale session to confirm, and guessing locks like passwords",
    },
  },
  {
    area: "Sign-in",
    attack:
      "Code phishing: a stranger shows a code on their own browser and asks someone to enter it at /activate, to be signed in as them (issue #22)",
    defence:
      "The approval page names the asking device and its address, warns when it asks from another network, and approving needs a recent proof; the TV's session is listed and revocable, and audited",
    asvs: "2.7.2",
    test: {
      file: "tests/e2e/device-sign-in.spec.ts",
      title: "a TV signs in with a code approved on a phone: its own session, listed as approved from the phone, signed out from there",
    },
  },
  {
    area: "Sign-in",
    attack: "Guessing sign-in codes on /activate until one matches a waiting TV (issue #22)",
    defence:
      "34.6-bit codes living 10 minutes; each lookup is a sign-in attempt on the guesser's account and address (locked after AUTH_LOCKOUT_ATTEMPTS); a network gets as many codes as sign-in attempts",
    asvs: "2.2.1",
    test: {
      file: "tests/e2e/device-sign-in.spec.ts",
      title:
        "device sign-in over HTTP: the code is worth nothing without the TV's cookie, works once, asks a stale session to confirm, and guessing locks like passwords",
    },
  },
  {
    area: "Sign-in",
    attack: "Collecting one approval twice (two tabs, a copied cookie), or after the approving session was signed out (issue #22)",
    defence: "Redeeming marks the request used in the same statement that reads it, and requires the approving session to still exist",
    asvs: "3.2.1",
    test: {
      file: "tests/integration/device-sign-in.test.ts",
      title: "is approved once, redeemed once, only while its approver's session lasts, and carries that session's passkey",
    },
  },
  {
    area: "Sign-in",
    attack: "Reading sign-in codes or device secrets from a database backup to take over a waiting approval (issue #22)",
    defence: "Only SHA-256 hashes of the cookie's secret and of the code are kept; the code is recomputed from the cookie to be shown",
    asvs: "2.9.1",
    test: {
      file: "tests/integration/device-sign-in.test.ts",
      title: "keeps neither the cookie's secret nor the code, only their hashes; the code is derived from the secret",
    },
  },
  {
    area: "Sign-in",
    attack:
      "A phished approval waits uncollected while its victim signs out everywhere else or changes the password, then the attacker's device collects it (attack37)",
    defence:
      "Ending a person's other sessions (sign out everywhere else, a new password, a reset) ends their uncollected approvals; an expired approving session counts as gone; Sessions lists approvals still waiting, each with Cancel (attack38)",
    asvs: "3.3.1",
    test: {
      file: "tests/integration/device-sign-in.test.ts",
      title: "an approval not yet collected ends with the approver's other sessions, and with an expired approving session (attack37)",
    },
  },
];
