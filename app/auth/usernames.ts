// What a new username or group name may look like. Shared by the server (the real check) and the
// browser (hints).
//
// Comparing names is PostgreSQL's job alone: porch_name_key() (db/migrations/0017) computes the one
// canonical form used for storage, lookups, lockout and uniqueness (ADR 014). This file only refuses,
// at creation, names that would read as another name: there must be one obvious way to type each.

export const USERNAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{M}\p{N}._@-]*$/u;

// The scripts Unicode recommends for identifiers (UAX #31, table 5; the base of TR39's profiles). A letter
// of any other script (Cherokee, Lisu…: several are made of Latin look-alikes) is refused.
const RECOMMENDED_SCRIPTS = [
  "Arabic",
  "Armenian",
  "Bengali",
  "Bopomofo",
  "Cyrillic",
  "Devanagari",
  "Ethiopic",
  "Georgian",
  "Greek",
  "Gujarati",
  "Gurmukhi",
  "Han",
  "Hangul",
  "Hebrew",
  "Hiragana",
  "Kannada",
  "Katakana",
  "Khmer",
  "Lao",
  "Latin",
  "Malayalam",
  "Myanmar",
  "Oriya",
  "Sinhala",
  "Tamil",
  "Telugu",
  "Thaana",
  "Thai",
  "Tibetan",
].map((name) => ({ name, pattern: new RegExp(`\\p{Script_Extensions=${name}}`, "u") }));

// TR39's "highly restrictive" level: one script per name, or the combinations a language writes with.
const WRITING_SYSTEMS: Record<string, string[]> = {
  Han: ["Han", "Japanese", "Korean", "Bopomofo-Han"],
  Hiragana: ["Japanese"],
  Katakana: ["Japanese"],
  Hangul: ["Korean"],
  Bopomofo: ["Bopomofo-Han"],
};

// Latin letters living languages write (TR39's Identifier_Status=Allowed for Latin), minus ı, which
// reads as i. IPA, phonetic and technical letters (ɑ, ʙ, ȷ, ᴀ…) read as ordinary ones and are refused.
const LIVING_LATIN =
  /^[A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u0130\u0134-\u013E\u0141-\u0148\u014A-\u017E\u018F\u01A0\u01A1\u01AF\u01B0\u01CD-\u01DC\u01DE-\u01E3\u01E6-\u01F0\u01F4\u01F5\u01F8-\u021B\u021E\u021F\u0226-\u0233\u0259\u1E00-\u1E99\u1E9E\u1EA0-\u1EF9]$/u;

const marks = (s: string) => s.match(/\p{M}/gu)?.length ?? 0;

/** The writing systems every letter and digit of `name` belongs to (TR39's resolved script set), or why none. */
function scriptProblem(name: string): string | null {
  let common: string[] | null = null;
  for (const ch of name) {
    if (!/[\p{L}\p{N}]/u.test(ch) || /[\p{Script=Common}\p{Script=Inherited}]/u.test(ch)) continue;
    const scripts = RECOMMENDED_SCRIPTS.filter((s) => s.pattern.test(ch)).map((s) => s.name);
    if (scripts.length === 0)
      return `Use letters of a widely used alphabet: "${ch}" belongs to a script that is easy to mistake for another`;
    if (/\p{Script=Latin}/u.test(ch) && !LIVING_LATIN.test(ch)) {
      return `Use another letter: "${ch}" is a phonetic or technical letter that reads as an ordinary one`;
    }
    const systems = scripts.flatMap((s) => [s, ...(WRITING_SYSTEMS[s] ?? [])]);
    common = common === null ? systems : common.filter((s) => systems.includes(s));
    if (common.length === 0) return "Use letters of one alphabet: this name mixes alphabets, whose letters can look alike";
  }
  return null;
}

/**
 * Why `name` (a username, a group name) is ambiguous, as a sentence for the form, or null when it
 * reads only one way. Only these rules apply to names a directory or identity provider gives, whose
 * characters Porch does not choose. Not caught: a whole name in another alphabet that happens to look
 * Latin (Cyrillic "асе"); Unicode's confusables data would be needed for that (docs/security.md).
 */
export function nameAmbiguity(name: string): string | null {
  // A zero-width space or joiner, a direction mark: `everyone` with one reads as `everyone` (attack31).
  if (/[\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}]/u.test(name)) {
    return "Use visible characters only: this name has an invisible one (like a zero-width space)";
  }
  if (name.normalize("NFKC") !== name) {
    return "Use plain characters: this name has a special form of a letter or digit (like ａ, ﬁ or ²) that reads as another";
  }
  if (marks(name.toLowerCase().normalize("NFKC")) !== marks(name)) {
    return "Use another letter: one of these changes into something else in lower case (like İ)";
  }
  return scriptProblem(name);
}
