import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";

// zxcvbn-ts with its common dictionaries, on the server only: the policy and the live hint
// (/api/password-check) both ask here; browsers never load the 229 KB of dictionaries (ADR 029).

export const COMMON_PASSWORD_COUNT = 10_000;
/** How much of a password the estimator reads. */
export const ESTIMATED_CHARS = 64;
const LABELS = ["very weak", "weak", "fair", "good", "strong"] as const;

let factory: ZxcvbnFactory | null = null;
let common10k: Set<string> | null = null;

function zxcvbn(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });
  return factory;
}

/** The 10 000 most common passwords (the head of zxcvbn's frequency-ranked list), lowercased. */
export function isCommonPassword(password: string): boolean {
  common10k ??= new Set((common.dictionary["passwords-common"] as string[]).slice(0, COMMON_PASSWORD_COUNT).map((p) => p.toLowerCase()));
  return common10k.has(password.toLowerCase());
}

export interface Strength {
  score: 0 | 1 | 2 | 3 | 4;
  label: (typeof LABELS)[number];
  warning: string | null;
}

const WARNINGS: Record<string, string> = {
  straightRow: "Straight rows of keys are easy to guess.",
  keyPattern: "Short keyboard patterns are easy to guess.",
  simpleRepeat: 'Repeated characters like "aaa" are easy to guess.',
  extendedRepeat: "Repeated patterns are easy to guess.",
  sequences: 'Sequences like "abc" or "123" are easy to guess.',
  recentYears: "Recent years are easy to guess.",
  dates: "Dates are easy to guess.",
  topTen: "This is one of the most used passwords.",
  topHundred: "This is a very often used password.",
  common: "This is a commonly used password.",
  similarToCommon: "This is similar to a commonly used password.",
  wordByItself: "Single words are easy to guess.",
  namesByThemselves: "Single names or surnames are easy to guess.",
  commonNames: "Common names and surnames are easy to guess.",
  userInputs: "It contains your personal details.",
  pwned: "This password appeared in a data breach.",
};

/** A short unit (up to 3 characters) said three times or more: kept twice ("aaaa" → "aa"). */
const REPEATED_SHORT = /(.{1,3}?)\1{2,}/gsu;
/** A longer unit (4 to 64 characters) said twice or more in a row: kept once. */
const REPEATED_LONG = /(.{4,64}?)\1+/gsu;
/** A word and what comes before it (spaces, dashes…). */
const WORD = /([^\p{L}\p{N}]*)([\p{L}\p{N}]+)/gu;

/** Every word after its first appearance dropped, whatever its case: "horse horse horse" says "horse". */
function withoutRepeatedWords(text: string): string {
  const seen = new Set<string>();
  return text.replace(WORD, (all, _separator: string, word: string) => {
    const key = word.toLowerCase();
    if (word.length >= 3 && seen.has(key)) return "";
    seen.add(key);
    return all;
  });
}

/**
 * What the estimator reads: repeats said once (runs in a row, and words said again with spaces or
 * dashes between), then the first 64 characters. A repeat adds almost nothing an attacker has to
 * guess, but the estimator scored "thepassword" six times cut mid-word, and "tugboat tugboat tugboat",
 * as strong (attack7, attack8).
 */
export function judgedPart(password: string): string {
  const head = password.slice(0, 4 * ESTIMATED_CHARS);
  return withoutRepeatedWords(head.replace(REPEATED_LONG, "$1").replace(REPEATED_SHORT, "$1$1")).slice(0, ESTIMATED_CHARS);
}

/** Builds the estimator and the common list now, so the first person typing doesn't wait for it in a budget. */
export function prepareEstimator(): void {
  zxcvbn();
  isCommonPassword("");
}

/** How hard the password is to guess, with the user's own words (username…) counted as easy. */
export function passwordStrength(password: string, userInputs: string[] = []): Strength {
  // The estimator's cost grows fast with length (~60 ms at 64 characters, ~400 ms at 256 on a small
  // server): it judges the first 64. A strong start makes a strong password; a weak start is refused,
  // which costs nobody who chose a long passphrase of unrelated words.
  const result = zxcvbn().check(judgedPart(password), userInputs.filter(Boolean));
  const score = result.score as Strength["score"];
  const key = result.feedback.warning;
  return { score, label: LABELS[score], warning: key ? (WARNINGS[key] ?? null) : null };
}
