import { EqualityFilter, FilterParser } from "ldapts";
import { describe, expect, it } from "vitest";
import { escapeFilterValue, fillFilter } from "~/auth/ldap/escape";

describe("LDAP filter escaping (RFC 4515)", () => {
  it("neutralises filter injection", () => {
    expect(escapeFilterValue("*)(uid=*))(|(uid=*")).toBe("\\2a\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a");
    expect(escapeFilterValue("a\\b\u0000")).toBe("a\\5cb\\00");
  });
  it("keeps non-ASCII as it is: ldapts reads each \\XX as one character, so escaped UTF-8 bytes would turn into other letters", () => {
    expect(escapeFilterValue("jörg")).toBe("jörg");
    for (const name of ["jörg", "ａlice", "李雷", "Ζωή", "a*b(c)\\d\u0000e\u007f"]) {
      const parsed = FilterParser.parseString(`(uid=${escapeFilterValue(name)})`) as EqualityFilter;
      expect(parsed.value, name).toBe(name);
    }
  });
  it("fills templates with escaped values", () => {
    expect(fillFilter("(&(objectClass=person)(uid={{username}}))", { username: "*" })).toBe("(&(objectClass=person)(uid=\\2a))");
    expect(fillFilter("(member={{dn}})", { dn: "cn=Star\\2C *Wildcard,dc=x" })).toBe("(member=cn=Star\\5c2C \\2aWildcard,dc=x)");
  });
});
