import type { Attack } from "../catalogue";

export const apiKeys: Attack[] = [
  {
    area: "API keys",
    attack: "A key doing more than its owner can",
    defence: "Key permissions ∩ the owner's current ones, on every request",
    asvs: "4.1.3",
    test: {
      file: "tests/e2e/api-keys.spec.ts",
      title: "a key never does more than its owner can now: scope, demotion, deactivation, expiry",
    },
  },
  {
    area: "API keys",
    attack: "Guessing API keys",
    defence: "Failures throttled per address in PostgreSQL (all instances) and audited with their reason",
    asvs: "2.2.1",
    test: {
      file: "tests/e2e/server-settings.spec.ts",
      title: "guessing API keys from one address is throttled, for every instance, and audited",
    },
  },
  {
    area: "API keys",
    attack: "Stolen key material from the database or lists",
    defence: "Only SHA-256 of the 240-bit secret is stored; lists show the id only",
    asvs: "2.10.3",
    test: { file: "tests/integration/api-keys.test.ts", title: "look like porch_<id>_<secret> and only the secret's SHA-256 is stored" },
  },
  {
    area: "API keys",
    attack: "Keeping API keys made with a stolen password after the owner resets it through a reset link",
    defence: "One resetCredentials() ends sessions, keys, pending two-factor sign-ins and reset links, and the audit row says how many",
    asvs: "3.3.3",
    test: {
      file: "tests/integration/credential-resets.test.ts",
      title: "refuses to let API keys outlive a reset link: keys, sessions and pending sign-ins end, and the log says so",
    },
  },
  {
    area: "API keys",
    attack: "Keeping API keys after an admin sets a new password",
    defence: "The admin reset goes through resetCredentials() with the keys",
    asvs: "3.3.3",
    test: { file: "tests/integration/credential-resets.test.ts", title: "refuses to let API keys outlive a password an admin set" },
  },
  {
    area: "API keys",
    attack: "Keeping API keys after the CLI's reset-password",
    defence: "The CLI goes through resetCredentials() with the keys and prints how many ended",
    asvs: "3.3.3",
    test: {
      file: "tests/integration/credential-resets.test.ts",
      title: "refuses to let API keys outlive the CLI's reset-password, and its output says so",
    },
  },
  {
    area: "API keys",
    attack: "Keeping API keys after the owner changes a leaked password",
    defence: "A box on the change ends them too (off by default, and the answer says whether keys still work)",
    asvs: "3.3.3",
    test: {
      file: "tests/integration/credential-resets.test.ts",
      title:
        "refuses to let API keys outlive your own password change when you ask; left unticked they keep working, and the log says which",
    },
  },
  {
    area: "API keys",
    attack: "API keys coming back to life when a deactivated owner is reactivated",
    defence: "Deactivation revokes the keys for good (resetCredentials)",
    asvs: null,
    test: {
      file: "tests/integration/credential-resets.test.ts",
      title: "refuses to revive a deactivated user's API keys when they are made active again",
    },
  },
  {
    area: "API keys",
    attack: "Keeping API keys through a password change in the browser",
    defence: "The box on My account revokes them and the page says which way it went",
    asvs: "3.3.3",
    test: {
      file: "tests/e2e/credential-resets.spec.ts",
      title: "refuses to let API keys outlive your own password change when you tick the box, and says which way it went",
    },
  },
  {
    area: "API keys",
    attack: "Keeping API keys through an admin's password reset or End all sessions",
    defence: "Both end the keys and the page says so",
    asvs: "3.3.3",
    test: {
      file: "tests/e2e/credential-resets.spec.ts",
      title: "refuses to let API keys outlive an admin's password reset or End all sessions, and says so",
    },
  },
  {
    area: "API keys",
    attack:
      "Using a key while a group requires its owner to set up two-factor sign-in (an integration's API skipped the rule; boards answered with a redirect to a page)",
    defence: "authorize() refuses until two-factor is set up, answered in JSON on every API route (403)",
    asvs: "2.8.1",
    test: {
      file: "tests/e2e/api-keys.spec.ts",
      title: "refuses a key whose owner must first set up two-factor sign-in, in JSON on every API route (never a redirect to a page)",
    },
  },
  {
    area: "API keys",
    attack:
      "A thief with a stolen session making keys in a loop while the owner recovers the account (password change with keys ended, End all sessions, API keys and passkeys, admin password, reset link): the keys made mid-reset survived",
    defence: "createApiKey locks the owner's row as resetCredentials does and makes a key only while the asking session exists",
    asvs: "3.3.1",
    test: {
      file: "tests/integration/credential-resets.test.ts",
      title: "refuses to let a key made by a session at the moment of a reset outlive it (a thief racing the recovery)",
    },
  },
  {
    area: "API keys",
    attack:
      "A leaving person makes another key while an administrator has their page open, so Move API keys hands it to the service account unseen (attack39)",
    defence: "The move form carries the ids of the keys it listed; only those move, and each move is audited",
    asvs: "4.1.3",
    test: {
      file: "tests/integration/service-accounts.test.ts",
      title: "take a leaving person's working keys, which then outlive the person; revoked keys stay with them, and each move is audited",
    },
  },
];
