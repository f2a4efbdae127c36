// What a new username or group name may look like. Shared by the server (the real check) and the
// browser (hints).
//
// Comparing names is PostgreSQL's job alone: porch_name_key() (db/migrations/0017) computes the one
// canonical form used for storage, lookups, lockout and uniqueness (ADR 014). This file only refuses,
// at creation, names that would read as another name: there must be one obvious way to type each.

export const USERNAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}._@-]*$/u;

// Alphabets whose letters look alike (a/а/α, o/о/ο, p/р/ρ…): a name may use one of them, not several.
const LOOK_ALIKE_SCRIPTS = [/\p{Script=Latin}/u, /\p{Script=Greek}/u, /\p{Script=Cyrillic}/u];

/** Why a name (group, or the start of a username's check) is ambiguous, or null when it reads one way. */
export function nameAmbiguity(name: string): string | null {
  if (name.normalize("NFKC") !== name) {
    return "Use plain characters: this name has a special form of a letter or digit (like ａ, ﬁ or ²) that reads as another";
  }
  if (LOOK_ALIKE_SCRIPTS.filter((script) => [...name].some((ch) => script.test(ch))).length > 1) {
    return "Use letters of one alphabet: this name mixes Latin, Greek or Cyrillic letters, which look alike";
  }
  return null;
}

/** Why `name` is ambiguous as a username (a sentence for the form), or null when it reads only one way. */
export function usernameAmbiguity(name: string): string | null {
  const general = nameAmbiguity(name);
  if (general) return general;
  if (!USERNAME_PATTERN.test(name.toLowerCase().normalize("NFKC"))) {
    return "Use another letter: one of these changes into something else in lower case (like İ)";
  }
  return null;
}
