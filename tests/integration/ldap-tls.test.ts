import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseLdapConfig } from "~/auth/ldap/config";
import { ldapSignIn } from "~/auth/ldap/ldap.server";
import { startSlapd } from "../../scripts/lib/test-slapd.mjs";
import { SUFFIX } from "../fixtures/directory";

const dir = mkdtempSync(path.join(os.tmpdir(), "porch-slapd-tls-"));
let slapd: Awaited<ReturnType<typeof startSlapd>>;

beforeAll(async () => {
  const ldif = readFileSync(new URL("../fixtures/directory.ldif", import.meta.url), "utf8");
  slapd = await startSlapd({ dir, suffix: SUFFIX, rootPassword: "root-secret", ldif, tls: true });
});
afterAll(async () => {
  await slapd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function config(overrides: Record<string, string>) {
  const { config, errors } = parseLdapConfig({
    AUTH_LDAP_BIND_DN: `cn=porch-bind,ou=services,${SUFFIX}`,
    AUTH_LDAP_BIND_PASSWORD: "bind-secret",
    AUTH_LDAP_BASE: SUFFIX,
    AUTH_LDAP_TIMEOUT: "3000",
    AUTH_LDAP_URI: slapd.url,
    ...overrides,
  });
  if (!config) throw new Error(errors.join("; "));
  return config;
}

describe("LDAP over TLS, with a self-signed CA given by file", () => {
  it("signs in over LDAPS when AUTH_LDAP_TLS_CA_FILE names the CA", async () => {
    const user = await ldapSignIn(config({ AUTH_LDAP_URI: slapd.ldapsUrl!, AUTH_LDAP_TLS_CA_FILE: slapd.caFile! }), "alice", "alice-secret");
    expect(user.username).toBe("alice");
  });

  it("signs in with StartTLS on ldap://", async () => {
    const user = await ldapSignIn(config({ AUTH_LDAP_STARTTLS: "true", AUTH_LDAP_TLS_CA_FILE: slapd.caFile! }), "bob", "bob-secret");
    expect(user.username).toBe("bob");
  });

  it("refuses a certificate it can't verify, and says so", async () => {
    const error = await ldapSignIn(config({ AUTH_LDAP_URI: slapd.ldapsUrl! }), "alice", "alice-secret").catch((e) => e);
    expect(error.message).toMatch(/certificate/i);
    expect(error.step).toBe("service bind");
    // Not the person's fault: they are told the directory is unreachable, not that their password is wrong.
    expect(error.kind).toBe("unreachable");
  });

  it("accepts it only when AUTH_LDAP_TLS_REJECT_UNAUTHORIZED=false", async () => {
    const user = await ldapSignIn(config({ AUTH_LDAP_URI: slapd.ldapsUrl!, AUTH_LDAP_TLS_REJECT_UNAUTHORIZED: "false" }), "alice", "alice-secret");
    expect(user.username).toBe("alice");
  });
});
