import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseLdapConfig } from "~/auth/ldap/config";
import { LdapError, ldapSignIn } from "~/auth/ldap/ldap.server";
import { startSlapd } from "../../scripts/lib/test-slapd.mjs";
import { SUFFIX } from "../fixtures/directory";

const dir = mkdtempSync(path.join(os.tmpdir(), "porch-slapd-tls-"));
let slapd: Awaited<ReturnType<typeof startSlapd>>;
// Two more directories on 127.0.0.1 whose certificates name one thing each: the address they are
// reached at (the right certificate), or "localhost" only (a certificate for another host).
let rightCert: Awaited<ReturnType<typeof startSlapd>>;
let localhostCert: Awaited<ReturnType<typeof startSlapd>>;

beforeAll(async () => {
  const ldif = readFileSync(new URL("../fixtures/directory.ldif", import.meta.url), "utf8");
  const start = (sub: string, certNames?: string[]) =>
    startSlapd({ dir: path.join(dir, sub), suffix: SUFFIX, rootPassword: "root-secret", ldif, tls: true, certNames });
  [slapd, rightCert, localhostCert] = await Promise.all([
    start("both"),
    start("ip", ["IP:127.0.0.1"]),
    start("localhost", ["DNS:localhost"]),
  ]);
});
afterAll(async () => {
  await Promise.all([slapd?.stop(), rightCert?.stop(), localhostCert?.stop()]);
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
    const user = await ldapSignIn(
      config({ AUTH_LDAP_URI: slapd.ldapsUrl!, AUTH_LDAP_TLS_CA_FILE: slapd.caFile! }),
      "alice",
      "alice-secret",
    );
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
    const user = await ldapSignIn(
      config({ AUTH_LDAP_URI: slapd.ldapsUrl!, AUTH_LDAP_TLS_REJECT_UNAUTHORIZED: "false" }),
      "alice",
      "alice-secret",
    );
    expect(user.username).toBe("alice");
  });
});

describe("LDAP over TLS checks the certificate against the directory's own host", () => {
  const withCa = (server: typeof slapd, overrides: Record<string, string>) =>
    config({ AUTH_LDAP_TLS_CA_FILE: server.caFile!, ...overrides });

  it("accepts the directory's own certificate (made out to 127.0.0.1 only) over StartTLS and LDAPS", async () => {
    const started = await ldapSignIn(
      withCa(rightCert, { AUTH_LDAP_URI: rightCert.url, AUTH_LDAP_STARTTLS: "true" }),
      "alice",
      "alice-secret",
    );
    expect(started.username).toBe("alice");
    const ldaps = await ldapSignIn(withCa(rightCert, { AUTH_LDAP_URI: rightCert.ldapsUrl! }), "alice", "alice-secret");
    expect(ldaps.username).toBe("alice");
  });

  it("refuses a certificate made out to another host (localhost) over StartTLS and LDAPS, before any password is sent", async () => {
    const attempts: Array<Record<string, string>> = [
      { AUTH_LDAP_URI: localhostCert.url, AUTH_LDAP_STARTTLS: "true" },
      { AUTH_LDAP_URI: localhostCert.ldapsUrl! },
    ];
    for (const overrides of attempts) {
      const error = await ldapSignIn(withCa(localhostCert, overrides), "alice", "alice-secret").catch((e) => e);
      expect(error, JSON.stringify(overrides)).toBeInstanceOf(LdapError);
      expect(error.message).toMatch(/altnames|certificate|Hostname/i);
      // Refused while connecting: neither the service account's nor the person's password left.
      expect(["connect", "service bind"]).toContain(error.step);
      expect(error.kind).toBe("unreachable");
    }
  });
});
