import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { usernameField } from "~/auth/forms";
import { groupName } from "~/forms/groups";

const problems = (name: string) => {
  const result = v.safeParse(usernameField, name);
  return result.success ? [] : result.issues.map((i) => i.message);
};

describe("choosing a username", () => {
  it("refuses ambiguous usernames at creation: compatibility forms, letters that change in lower case, mixed alphabets", () => {
    const ambiguous = {
      "ａlice": "fullwidth a",
      "ﬁona": "fi ligature",
      "user²": "superscript two",
      "alİce": "capital I with dot: lower case adds a combining dot",
      "аlice": "Cyrillic a among Latin letters",
      "bοb": "Greek omicron among Latin letters",
    };
    for (const [name, why] of Object.entries(ambiguous)) expect(problems(name), why).not.toEqual([]);
  });

  it("accepts plain names in any one alphabet", () => {
    for (const name of ["alice", "Alice", "jörg", "José.Núñez", "Ζωή", "ΟΔΟΣ", "Иван", "李雷", "r2-d2@home"]) expect(problems(name), name).toEqual([]);
  });
});

describe("choosing a group name", () => {
  it("refuses group names that read as another: special forms of letters, look-alike alphabets mixed", () => {
    for (const name of ["ａdmins", "Εveryone" /* Greek capital epsilon */, "Ｍedia team", "ﬁlm club"]) {
      const result = v.safeParse(groupName, name);
      expect(result.success, name).toBe(false);
    }
    for (const name of ["Media team", "Familie Müller", "Семья", "家族", "R&D (2026)"]) expect(v.safeParse(groupName, name).success, name).toBe(true);
  });
});
