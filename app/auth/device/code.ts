import { sha256 } from "@oslojs/crypto/sha2";

// The code a TV shows (issue #22 part 3): 8 letters from RFC 8628's suggested alphabet, 20 consonants.
// No vowels, so no words; no digits, so nothing to mistake for O, I, S or B. About 34.6 bits: each
// guess is a sign-in attempt on the guesser's account and address (ADR 039).
export const CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
export const CODE_LENGTH = 8;

/**
 * The code of a sign-in request, derived from its secret (the TV's cookie), so the code itself is
 * kept nowhere: the database has its hash, the TV recomputes it to show it on every refresh.
 */
export function codeOf(secret: string): string {
  let out = "";
  for (let round = 0; out.length < CODE_LENGTH; round++) {
    for (const byte of sha256(new TextEncoder().encode(`porch device code ${round}:${secret}`))) {
      // 240 = 12 × 20: bytes above it are skipped, so every letter is equally likely.
      if (byte < 240) out += CODE_ALPHABET[byte % 20];
      if (out.length === CODE_LENGTH) break;
    }
  }
  return out;
}

/** "BCDF-GHJK": how a code is shown and read aloud. */
export const showCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

/**
 * A typed code in its one canonical form, or null when it can't be one: case, spaces and dashes don't
 * matter; a letter outside the alphabet is refused before any lookup (it costs no attempt).
 */
export function canonicalCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s\-‐‑–—]/g, "");
  if (code.length !== CODE_LENGTH) return null;
  return [...code].every((c) => CODE_ALPHABET.includes(c)) ? code : null;
}
