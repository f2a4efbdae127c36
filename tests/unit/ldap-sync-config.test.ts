import { describe, expect, it } from "vitest";
import { parseLdapConfig } from "~/auth/ldap/config";
import { deactivationLimit } from "~/models/directory-sync.server";
import { HOUR, MINUTE } from "~/utils/time";

const BASE = { AUTH_LDAP_URI: "ldap://dir:389", AUTH_LDAP_BIND_DN: "cn=b", AUTH_LDAP_BIND_PASSWORD: "p", AUTH_LDAP_BASE: "dc=x" };
const parse = (env: Record<string, string>) => parseLdapConfig({ ...BASE, ...env });

describe("the LDAP sync settings", () => {
  it("sync every hour by default, refusing runs that would deactivate more than 10%", () => {
    const { config } = parse({});
    expect(config).toMatchObject({ syncIntervalMs: HOUR, syncMaxDeactivate: { percent: 10 } });
  });

  it("take the duration format of the other settings, and 0 for off", () => {
    expect(parse({ AUTH_LDAP_SYNC_INTERVAL: "30m" }).config?.syncIntervalMs).toBe(30 * MINUTE);
    expect(parse({ AUTH_LDAP_SYNC_INTERVAL: "0" }).config?.syncIntervalMs).toBe(0);
    expect(parse({ AUTH_LDAP_SYNC_INTERVAL: "5s" }).errors).toEqual([expect.stringMatching(/^AUTH_LDAP_SYNC_INTERVAL must be 0 \(off\)/)]);
    expect(parse({ AUTH_LDAP_SYNC_INTERVAL: "hourly" }).errors).toEqual([expect.stringMatching(/got "hourly"/)]);
  });

  it("take a share or a number of accounts as the limit, one clear error otherwise", () => {
    expect(parse({ AUTH_LDAP_SYNC_MAX_DEACTIVATE: "5" }).config?.syncMaxDeactivate).toEqual({ count: 5 });
    expect(parse({ AUTH_LDAP_SYNC_MAX_DEACTIVATE: "150%" }).errors).toEqual([expect.stringMatching(/^AUTH_LDAP_SYNC_MAX_DEACTIVATE/)]);
    expect(parse({ AUTH_LDAP_SYNC_MAX_DEACTIVATE: "-1" }).errors).toHaveLength(1);
  });

  it("allow one departure by share however small the directory, none at 0%, and exactly the number given", () => {
    const at = (value: string, checked: number) => deactivationLimit(parse({ AUTH_LDAP_SYNC_MAX_DEACTIVATE: value }).config!, checked);
    expect(at("10%", 3)).toBe(1);
    expect(at("10%", 250)).toBe(25);
    expect(at("0%", 250)).toBe(0);
    expect(at("7", 3)).toBe(7);
  });

  it("fold the disabled filter into the user filter, so sign-in and sync refuse the same accounts", () => {
    const { config } = parse({ AUTH_LDAP_DISABLED_FILTER: "(nsAccountLock=TRUE)" });
    expect(config?.userSearchFilter).toBe("(&(uid={{username}})(!(nsAccountLock=TRUE)))");
    expect(parse({ AUTH_LDAP_DISABLED_FILTER: "nsAccountLock=TRUE" }).errors).toEqual([expect.stringMatching(/in parentheses/)]);
  });
});

describe("Active Directory's disabled flag", () => {
  it("reads bit 2 of userAccountControl (514 = a normal account, disabled), and nothing else", async () => {
    const { markedDisabled } = await import("~/auth/ldap/disabled");
    const entry = (uac?: string | string[]) => ({ dn: "cn=x", ...(uac === undefined ? {} : { userAccountControl: uac }) });
    expect(markedDisabled(entry("514"))).toBe(true);
    expect(markedDisabled(entry(["66050"]))).toBe(true);
    expect(markedDisabled(entry("512"))).toBe(false);
    expect(markedDisabled(entry())).toBe(false);
    expect(markedDisabled(entry("not a number"))).toBe(false);
  });
});
