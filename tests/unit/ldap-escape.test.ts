import { describe, expect, it } from "vitest";
import { escapeFilterValue, fillFilter } from "~/auth/ldap/escape";

describe("LDAP filter escaping (RFC 4515)", () => {
  it("neutralises filter injection", () => {
    expect(escapeFilterValue("*)(uid=*))(|(uid=*")).toBe("\\2a\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a");
    expect(escapeFilterValue("a\\b\u0000")).toBe("a\\5cb\\00");
  });
  it("escapes non-ASCII as UTF-8 bytes", () => {
    expect(escapeFilterValue("jörg")).toBe("j\\c3\\b6rg");
  });
  it("fills templates with escaped values", () => {
    expect(fillFilter("(&(objectClass=person)(uid={{username}}))", { username: "*" })).toBe("(&(objectClass=person)(uid=\\2a))");
    expect(fillFilter("(member={{dn}})", { dn: "cn=Star\\2C *Wildcard,dc=x" })).toBe("(member=cn=Star\\5c2C \\2aWildcard,dc=x)");
  });
});
