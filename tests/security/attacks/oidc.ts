import type { Attack } from "../catalogue";

export const oidc: Attack[] = [
  {
    area: "OpenID Connect",
    attack: "Tampered state, missing state cookie, replayed code",
    defence: "State checked against this browser's cookie; codes work once (provider)",
    asvs: null,
    test: { file: "tests/integration/oidc.test.ts", title: "refuses a tampered state, a missing state cookie, and a replayed code" },
  },
  {
    area: "OpenID Connect",
    attack: "Injecting another browser's authorization code",
    defence: "PKCE verifier and nonce are bound to this browser's cookie",
    asvs: null,
    test: {
      file: "tests/integration/oidc.test.ts",
      title: "refuses a code finished in another browser (the nonce is bound to the code verifier)",
    },
  },
  {
    area: "OpenID Connect",
    attack: "Forged id_token: another key, wrong aud/iss, expired, wrong nonce, alg none",
    defence: "jose verification against the provider's JWKS and every claim",
    asvs: "3.5.3",
    test: { file: "tests/integration/oidc.test.ts", title: "accepts the real thing, and refuses every forgery" },
  },
  {
    area: "OpenID Connect",
    attack: "Taking over a local account through an email the provider didn't verify",
    defence: "Linking only when enabled and email_verified is true",
    asvs: null,
    test: {
      file: "tests/integration/oidc.test.ts",
      title: "links to an existing local account by email only when the email is verified and linking is on",
    },
  },
  {
    area: "OpenID Connect",
    attack: "Making yourself admin by creating a provider group called admins (GitLab groups, Gitea organisations)",
    defence: "Only groups an admin mapped for OIDC (and AUTH_OIDC_ADMIN_GROUP) are synced: never a group by its name",
    asvs: "4.1.2",
    test: {
      file: "tests/integration/directory-groups.test.ts",
      title: "refuses to put an OIDC user into local groups named like groups they made at the provider, admins included",
    },
  },
  {
    area: "OpenID Connect",
    attack: "Using a mapping an admin made for the LDAP directory's group through a provider group of the same name (and the reverse)",
    defence: "Each mapping names its provider; sync reads only that provider's",
    asvs: "4.1.2",
    test: {
      file: "tests/integration/directory-groups.test.ts",
      title: "refuses a mapping made for one provider to a user of the other with a group of that name",
    },
  },
  {
    area: "OpenID Connect",
    attack: "A provider group named like a mapped one or the admin group but for its case (OPS, PORCH-ADMINS)",
    defence: "OIDC group names compare exactly, in one SQL function (porch_directory_group_matches)",
    asvs: "4.1.2",
    test: {
      file: "tests/integration/directory-groups.test.ts",
      title: "refuses provider group names that differ only by case, in mappings and in AUTH_OIDC_ADMIN_GROUP",
    },
  },
  {
    area: "OpenID Connect",
    attack:
      "Pre-hijacking: a local account typed the victim's email, unconfirmed, before the victim's first provider sign-in (dangerous linking on)",
    defence: "Only an email Porch confirmed by a mailed one-time link may adopt a local account (adoptLocalAccount)",
    asvs: null,
    test: {
      file: "tests/integration/account-linking.test.ts",
      title: "refuses to link a provider sign-in to a local account whose email Porch never confirmed (pre-hijack)",
    },
  },
  {
    area: "OpenID Connect",
    attack: "Keeping a previous holder's password, sessions or API keys in an account adopted by a provider sign-in",
    defence: "Adoption removes the local password and ends sessions, pending sign-ins, reset links and keys, audited",
    asvs: "3.3.3",
    test: {
      file: "tests/integration/account-linking.test.ts",
      title: "links to a confirmed email only, and the adopted account keeps no password, session or key from before",
    },
  },
  {
    area: "OpenID Connect",
    attack: "Confirming an email with a used, expired, mistyped link, or one made for an earlier address",
    defence: "SHA-256-stored one-time tokens for one address, 24 h; malformed tokens refused before any query",
    asvs: "2.3.1",
    test: {
      file: "tests/integration/email-verification.test.ts",
      title: "refuses a confirmation link twice, after it expired, after the email changed, and when malformed",
    },
  },
  {
    area: "OpenID Connect",
    attack: "Confirming one address, then changing it (yourself, through an admin or a directory) to someone else's",
    defence: "A database trigger unconfirms any changed email, whoever changes it",
    asvs: null,
    test: {
      file: "tests/integration/email-verification.test.ts",
      title: "refuses to keep an email confirmed once it changes, whoever changes it: the person, an admin, a directory sign-in",
    },
  },
  {
    area: "OpenID Connect",
    attack: "Bombing someone's inbox with confirmation mails",
    defence: "At most 3 confirmation mails per account per hour; only the newest link works",
    asvs: "11.1.4",
    test: {
      file: "tests/integration/email-verification.test.ts",
      title: "refuses to mail more than 3 confirmation links an hour for one account, and none without an address",
    },
  },
  {
    area: "OpenID Connect",
    attack: "Mixed claim sources: email_verified from the id_token vouching for another address from userinfo",
    defence: "The address and its email_verified are read from one document (resolveProfile)",
    asvs: null,
    test: {
      file: "tests/integration/account-linking.test.ts",
      title: "refuses email_verified from the id_token for another address from userinfo (mixed claim sources)",
    },
  },
  {
    area: "OpenID Connect",
    attack: "email_verified taken to vouch for another claim used as the address (AUTH_OIDC_EMAIL_CLAIM)",
    defence: "email_verified counts only when the address is the standard email claim",
    asvs: null,
    test: {
      file: "tests/integration/account-linking.test.ts",
      title: "refuses email_verified as a word about another claim than email (AUTH_OIDC_EMAIL_CLAIM)",
    },
  },
  {
    area: "OpenID Connect",
    attack: "Login CSRF by cookie tossing: a sibling subdomain plants an OIDC state and code verifier for the attacker's own code",
    defence:
      "Over https every cookie is __Host- (cookieName()); the state store reads only names with the prefix, which only Porch's host can set",
    asvs: "3.4.4",
    test: {
      file: "tests/integration/cookie-tossing.test.ts",
      title: "refuses an OIDC state planted by a sibling subdomain: no sign-in as the attacker (login CSRF)",
    },
  },
  {
    area: "OpenID Connect",
    attack: "An id_token whose iat is in the future (a year, 27 hours) or days old but unexpired (a token minted ahead, or replayed)",
    defence: "jose checks iat against the clock with a maximum age of one hour (a minute of tolerance)",
    asvs: "3.5.3",
    test: { file: "tests/integration/oidc.test.ts", title: "accepts the real thing, and refuses every forgery" },
  },
  {
    area: "OpenID Connect",
    attack:
      "Forged logout token: another key, alg none, HMAC with the client secret, wrong aud/iss, no logout event, a nonce, stale or future iat",
    defence:
      "Back-channel logout verifies the token against the provider's published keys and every claim of section 2.6; 400 and nothing ends",
    asvs: "3.5.3",
    test: {
      file: "tests/integration/backchannel-logout.test.ts",
      title: "refuses forged, misdirected, stale and malformed tokens with a 400 and the reason, ending nothing",
    },
  },
  {
    area: "OpenID Connect",
    attack: "Replaying a captured logout token to end a later session of the same provider session",
    defence: "Each token's jti is kept until the token is too old to be accepted anyway; the second use is refused",
    asvs: "3.5.3",
    test: {
      file: "tests/integration/backchannel-logout.test.ts",
      title: "refuses the same logout token twice (jti), so a captured one can't end a later session",
    },
  },
  {
    area: "OpenID Connect",
    attack: "Ending someone else's session with a logout token naming your sub and their sid",
    defence: "A sid ends only the sessions of the sub the token names; an unknown sub ends nothing",
    asvs: "4.1.2",
    test: {
      file: "tests/integration/backchannel-logout.test.ts",
      title: "refuses a sid with another person's sub: it ends neither's session",
    },
  },
  {
    area: "OpenID Connect",
    attack: "Keeping access after the provider's logout through a TV session approved from the logged-out session (attack40)",
    defence: "A TV's session inherits the approving session's provider sid; the logout ends both",
    asvs: "3.3.1",
    test: {
      file: "tests/integration/backchannel-logout.test.ts",
      title: "ends a TV's session approved from a session the provider logs out (attack40)",
    },
  },
  {
    area: "OpenID Connect",
    attack: "Sessions signed in before back-channel logout existed escape it (attack40)",
    defence: "Migration 0037 reads their sid from the id_token they kept",
    asvs: "3.3.1",
    test: {
      file: "tests/integration/migrations-oidc-sid.test.ts",
      title: "reads the sid of sessions signed in before it from their id_token, so the provider can log them out too (attack40)",
    },
  },
  {
    area: "OpenID Connect",
    attack: "Finishing a sign-in at its code step (or a late callback) after the provider logged that session out (attack40)",
    defence: "Logged-out provider sessions are remembered for a day; startSession refuses a sign-in from one",
    asvs: "3.3.1",
    test: {
      file: "tests/integration/backchannel-logout.test.ts",
      title: "refuses a session to a sign-in whose provider session was logged out while it waited at the code step (attack40)",
    },
  },
  {
    area: "OpenID Connect",
    attack: "Filling the log and disk with refused logout tokens carrying huge headers (attack40)",
    defence: "Refusal reasons are fixed words capped at 200 characters; the endpoint's body is capped at 16 KB",
    asvs: "7.1.1",
    test: {
      file: "tests/integration/backchannel-logout.test.ts",
      title: "refuses to let a stranger fill the log or the disk: reasons are short, bodies small (attack40)",
    },
  },
  {
    area: "OpenID Connect",
    attack: "A sign-in and a back-channel logout of the same provider session passing each other unseen, leaving a session (attack41)",
    defence:
      "Both take an advisory lock on the sid; the session is written with its sid in the transaction that checked the sid wasn't logged out",
    asvs: "3.3.1",
    test: {
      file: "tests/integration/backchannel-logout.test.ts",
      title: "refuses to let a sign-in and a logout of the same provider session pass each other unseen (attack41)",
    },
  },
];
