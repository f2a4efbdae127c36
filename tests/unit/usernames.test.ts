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
      ａlice: "fullwidth a",
      ﬁona: "fi ligature",
      "user²": "superscript two",
      alİce: "capital I with dot: lower case adds a combining dot",
      аlice: "Cyrillic a among Latin letters",
      bοb: "Greek omicron among Latin letters",
    };
    for (const [name, why] of Object.entries(ambiguous)) expect(problems(name), why).not.toEqual([]);
  });

  it("refuses look-alikes from any alphabet, not only Latin, Greek and Cyrillic: scripts few people read, and phonetic Latin letters", () => {
    const ambiguous = {
      ꓮdmin: "Lisu A among Latin letters",
      Ꭺdmin: "Cherokee A among Latin letters",
      ꓮꓓ: "Lisu only: a script outside Unicode's recommended set for identifiers",
      ɑdmin: "Latin alpha (IPA) reads as a",
      ʙob: "small capital B (IPA)",
      ȷohn: "dotless j",
      ınv1: "dotless i reads as i (and upper-cases to I)",
      ᴀlice: "small capital A (phonetic extensions)",
      "admin\u0578": "Armenian vo among Latin letters",
      "aliсe\u0301": "Cyrillic es among Latin letters, with a mark",
      李雷ａ: "fullwidth among Han",
      한국Ｋ: "fullwidth among Hangul",
      abc日本: "Latin mixed with Han",
    };
    for (const [name, why] of Object.entries(ambiguous)) expect(problems(name), why).not.toEqual([]);
  });

  it("accepts plain names in any one alphabet", () => {
    for (const name of ["alice", "Alice", "jörg", "José.Núñez", "Ζωή", "ΟΔΟΣ", "Иван", "李雷", "r2-d2@home"])
      expect(problems(name), name).toEqual([]);
  });

  it("accepts names of living languages: Turkish, Vietnamese, Romanian, Azerbaijani, Japanese, Korean, Arabic, Hindi", () => {
    for (const name of ["şeyma.öztürk", "nguyễn.văn.ơn", "ștefan", "əli", "たなか.タロウ.田中", "김민준", "محمد", "राहुल", "ǎǒǔ-pinyin"])
      expect(problems(name), name).toEqual([]);
  });
});

describe("choosing a group name", () => {
  it("refuses group names that read as another: special forms of letters, look-alike alphabets mixed", () => {
    for (const name of ["ａdmins", "Εveryone" /* Greek capital epsilon */, "Ｍedia team", "ﬁlm club"]) {
      const result = v.safeParse(groupName, name);
      expect(result.success, name).toBe(false);
    }
    for (const name of ["Media team", "Familie Müller", "Семья", "家族", "R&D (2026)"])
      expect(v.safeParse(groupName, name).success, name).toBe(true);
  });
});
