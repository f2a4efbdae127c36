import type { Attack } from "../catalogue";

export const secrets: Attack[] = [
  {
    area: "Secrets",
    attack: "Reading integration secrets from the database or the pages",
    defence: "AES-256-GCM at rest, write-only in the UI and API; a wrong key fails loudly",
    asvs: "6.2.1",
    test: {
      file: "tests/integration/integrations.test.ts",
      title: "are AES-256-GCM ciphertext in the table, round-trip, and a wrong key fails loudly",
    },
  },
  {
    area: "Secrets",
    attack: "Passwords or tokens leaking into logs",
    defence: "The audit log never holds a password, token or key",
    asvs: "7.1.1",
    test: { file: "tests/e2e/audit-secrets.spec.ts", title: "no password or session token was ever written to the audit log" },
  },
  {
    area: "Secrets",
    attack: "Moving an integration's URL to one's own host, then pressing check, to receive its stored key (API)",
    defence:
      "A secret is bound to the exact URL it was entered for: another URL drops every secret not typed again in the same PATCH, which says which (updateIntegration)",
    asvs: "6.4.1",
    test: {
      file: "tests/e2e/integration-secrets.spec.ts",
      title: "refuses to send a stored secret to a host the URL was moved to (API): the PATCH clears it and says so",
    },
  },
  {
    area: "Secrets",
    attack: "Moving an integration's URL to one's own host through the edit form, then Test connection",
    defence:
      "The same binding in the form; beside the URL the page says where secrets go, warns before a save, and says after it that they were cleared",
    asvs: "6.4.1",
    test: {
      file: "tests/e2e/integration-secrets.spec.ts",
      title: "refuses to send a stored secret to a host the URL was moved to (form): saving clears it, and the page says so beside the URL",
    },
  },
  {
    area: "Secrets",
    attack: "Changing an integration's URL behind the model's back (raw SQL, a future code path) to redirect its secrets",
    defence:
      "Secrets are read only for the URL stored with them (loadSecrets); check, Test connection, Re-check and widgets all go through it",
    asvs: "6.4.1",
    test: {
      file: "tests/integration/integrations.test.ts",
      title: "refuses to send a secret to a URL changed behind the model's back (the URL is checked where secrets are read)",
    },
  },
  {
    area: "Secrets",
    attack:
      "A holder of full on an integration moves its URL to another path of the same host, one that echoes request headers, and reads the key back through a JSON widget's field (attack11)",
    defence: "The binding is the whole URL, path and query included: such a move drops the secrets (migration 0024 rebinds existing ones)",
    asvs: "6.4.1",
    test: {
      file: "tests/e2e/integration-secrets.spec.ts",
      title:
        "refuses to send a stored secret to another path or query of the same host: a holder of full could point it at an echo (attack11)",
    },
  },
  {
    area: "Secrets",
    attack: "A service answering with a redirect to another origin, to collect the secret headers",
    defence: "Integration requests never follow redirects (remoteFetch, redirect: manual)",
    asvs: "12.6.1",
    test: {
      file: "tests/e2e/integration-secrets.spec.ts",
      title: "refuses to follow a redirect to another origin with the secret headers",
    },
  },
  {
    area: "Secrets",
    attack: "Credentials written into an integration URL (user:pass@host), readable by everyone who may use it",
    defence: "URLs with user info are refused beside the field and in the API; credentials go in write-only secret fields",
    asvs: "8.3.1",
    test: {
      file: "tests/e2e/integration-secrets.spec.ts",
      title: "refuses credentials written into an integration URL, where everyone who may use it would read them",
    },
  },
  {
    area: "Secrets",
    attack:
      "A stored secret quoted back in a check's error message (a value HTTP headers can't carry), then shown to interact/use holders and the audit log",
    defence: "remoteFetch refuses unsendable header values with a fixed sentence and masks every header value in any message it makes",
    asvs: "7.4.1",
    test: {
      file: "tests/integration/integrations.test.ts",
      title: "refuses to reflect a stored secret in a check's message: a value HTTP headers can't carry fails without showing it",
    },
  },
  {
    area: "Secrets",
    attack: "Invite tokens stored in the audit log's denied-access rows (a signed-in user opening a dead link gets 404)",
    defence: "recordDenied masks token paths (maskPath: any case, percent-decoded, token-shaped segments)",
    asvs: "7.1.1",
    test: {
      file: "tests/e2e/token-sinks.spec.ts",
      title: "refuses to store invite tokens in the audit log's denied-access rows, however the path is spelled",
    },
  },
  {
    area: "Secrets",
    attack: "Live invite and reset tokens in the access log (Deno)",
    defence: "The access log writes maskPath(path): /auth/reset/[token]",
    asvs: "7.1.1",
    test: { file: "tests/e2e/log-secrets.spec.ts", title: "on deno, refuses to write invite and reset tokens into the access log" },
  },
  {
    area: "Secrets",
    attack: "Live invite and reset tokens in the access log (Node)",
    defence: "The same masking on Node",
    asvs: "7.1.1",
    test: { file: "tests/e2e/log-secrets.spec.ts", title: "on node, refuses to write invite and reset tokens into the access log" },
  },
  {
    area: "Secrets",
    attack: "Password hashes and other query parameters, and token paths, printed with a failed request's error",
    defence: "logError prints name, message, code and a masked stack as one JSON line, never the error object",
    asvs: "7.1.2",
    test: {
      file: "tests/integration/error-log.test.ts",
      title: "refuses to print a failed query's parameters (a password hash) or a token path",
    },
  },
  {
    area: "Secrets",
    attack: "Reading webhook signing secrets from the database, or forging messages after a secret leaked",
    defence: "Sealed under SECRET_ENCRYPTION_KEY, shown once; replacing one stops the old at once; re-sealed by key rotation",
    asvs: "6.4.1",
    test: { file: "tests/integration/webhooks.test.ts", title: "are signed with the new secret only, once it is replaced" },
  },
  {
    area: "Secrets",
    attack: "Committing secrets to git through the provisioning file (a password, token or API key written inline)",
    defence: "Any key naming a secret with a value is refused before anything is applied, without repeating the value (ADR 044)",
    asvs: "2.10.4",
    test: {
      file: "tests/integration/provisioning.test.ts",
      title: "refuses a secret written into the file, without repeating it, and points to a file or variable instead",
    },
  },
  {
    area: "Secrets",
    attack:
      "A provisioning file in git reading Porch's own secrets (the encryption key file, DATABASE_URL, /proc, a device) into an integration aimed at the attacker's address",
    defence:
      "<field>File reads only plain files (≤ 64 KB, opened without blocking) under PORCH_PROVISION_SECRETS_DIR, by their real path; <field>Env never names Porch's own settings (attack46)",
    asvs: "12.3.1",
    test: {
      file: "tests/integration/provisioning.test.ts",
      title: "never reads Porch's own settings, files outside the secrets directories, or what isn't a plain file",
    },
  },
  {
    area: "Secrets",
    attack:
      "A provisioning file that is a committed symlink to /proc/self/environ or to Porch's key, its content quoted back by the error messages",
    defence:
      "The provisioning file must be a plain file, not the system's nor Porch's own (by real path and inode); problems quote only name-like words (attack47)",
    asvs: "7.4.1",
    test: {
      file: "tests/integration/provisioning.test.ts",
      title: "won't read a provisioning file that leads to the system's or Porch's own files, and never quotes an odd text back",
    },
  },
];
