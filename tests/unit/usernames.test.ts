import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { usernameField } from "~/auth/forms";

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
