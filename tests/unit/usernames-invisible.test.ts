import { describe, expect, it } from "vitest";
import { nameAmbiguity } from "~/auth/usernames";
import { groupName } from "~/forms/groups";
import * as v from "valibot";

// attack31: a group renamed to `everyone` plus a zero-width space read as the built-in group.
describe("names with invisible characters", () => {
  it("refuses zero-width, joiner, direction and control characters in any name", () => {
    for (const name of ["everyone\u200b", "ad\u200dmins", "\u200emedia", "fam\u2060ily", "a\u00adb", "x\u0007"]) {
      expect(nameAmbiguity(name), JSON.stringify(name)).toMatch(/^Use visible characters only/);
      expect(v.safeParse(groupName, name).success, JSON.stringify(name)).toBe(false);
    }
    expect(nameAmbiguity("family room")).toBeNull();
    expect(nameAmbiguity("média")).toBeNull();
  });
});
