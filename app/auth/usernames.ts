// What a new username or group name may look like. Shared by the server (the real check) and the
// browser (hints).
//
// Comparing names is PostgreSQL's job alone: porch_name_key() (db/migrations/0017) computes the one
// canonical form used for storage, lookups, lockout and uniqueness (ADR 014). This file only refuses,
// at creation, names that would read as another name: there must be one obvious way to type each.

export const USERNAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}._@-]*$/u;

// Alphabets whose letters look alike (a/а/α, o/о/ο, p/р/ρ…): a name may use one of them, not several.
const LOOK_ALIKE_SCRIPTS = [/\p{Script=Latin}/u, /\p{Script=Greek}/u, /\p{Script=Cyrillic}/u];

const marks = (s: string) => s.match(/\p{M}/gu)?.length ?? 0;

/**
 * Why `name` (a username, a group name) is ambiguous, as a sentence for the form, or null when it
 * reads only one way. Only these rules apply to names a directory or identity provider gives, whose
 * characters Porch does not choose.
 */
export function nameAmbiguity(name: string): string | null {
  if (name.normalize("NFKC") !== name) {
    return "Use plain characters: this name has a special form of a letter or digit (like ａ, ﬁ or ²) that reads as another";
  }
  if (marks(name.toLowerCase().normalize("NFKC")) !== marks(name)) {
    return "Use another letter: one of these changes into something else in lower case (like İ)";
  }
  if (LOOK_ALIKE_SCRIPTS.filter((script) => [...name].some((ch) => script.test(ch))).length > 1) {
    return "Use letters of one alphabet: this name mixes Latin, Greek or Cyrillic letters, which look alike";
  }
  return null;
}
