import { hash, verify } from "@node-rs/argon2";
import bcrypt from "bcryptjs";

// OWASP's argon2id recommendation: 19 MiB of memory, 2 passes, 1 lane.
// algorithm 2 is Argon2id (the package exports it as a const enum, which isolated modules can't read).
const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password-rules";

const DUMMY_PASSWORD = "porch-dummy-password-for-timing";
let verifications = 0;
/** Hash computations by kind ("argon2", "bcrypt-10"…): tests compare the work of each sign-in path. */
const work = new Map<string, number>();
const spend = (kind: string) => work.set(kind, (work.get(kind) ?? 0) + 1);
let dummyArgon2: Promise<string> | null = null;
const dummyBcrypt = new Map<number, Promise<string>>();

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

function isBcrypt(stored: string): boolean {
  return /^\$2[aby]\$/.test(stored);
}

async function argon2Matches(stored: string, password: string): Promise<boolean> {
  spend("argon2");
  try {
    return await verify(stored, password);
  } catch {
    return false; // a malformed stored hash never signs anyone in
  }
}

async function bcryptMatches(stored: string, password: string): Promise<boolean> {
  try {
    spend(`bcrypt-${bcrypt.getRounds(stored)}`);
    return await bcrypt.compare(password, stored);
  } catch {
    return false;
  }
}

function dummyArgon2Hash(): Promise<string> {
  dummyArgon2 ??= hashPassword(DUMMY_PASSWORD);
  return dummyArgon2;
}

function dummyBcryptHash(cost: number): Promise<string> {
  const rounds = Math.min(Math.max(Math.trunc(cost), 4), 31);
  let stored = dummyBcrypt.get(rounds);
  if (!stored) dummyBcrypt.set(rounds, (stored = bcrypt.hash(DUMMY_PASSWORD, rounds)));
  return stored;
}

/**
 * Checks a password against an argon2id hash, or a bcrypt hash imported from Homarr.
 * `rehash` says the stored hash should be replaced by a fresh argon2id one.
 *
 * `legacyCost` (the bcrypt cost of imported hashes still stored, see findUserForLogin) makes every
 * check do the same work whatever the stored hash is: one argon2id and, while imported hashes remain,
 * one bcrypt at their cost, the one not needed against a dummy. Then neither an imported account nor an
 * unknown one stands out by its timing.
 */
export async function verifyPassword(
  stored: string,
  password: string,
  legacyCost: number | null = null,
): Promise<{ ok: boolean; rehash: boolean }> {
  verifications++;
  if (isBcrypt(stored)) {
    const [ok] = await Promise.all([bcryptMatches(stored, password), argon2Matches(await dummyArgon2Hash(), password)]);
    return { ok, rehash: ok };
  }
  const [ok] = await Promise.all([
    argon2Matches(stored, password),
    legacyCost === null ? false : dummyBcryptHash(legacyCost).then((dummy) => bcryptMatches(dummy, password)),
  ]);
  const rehash =
    ok && !stored.startsWith(`$argon2id$v=19$m=${ARGON2_OPTIONS.memoryCost},t=${ARGON2_OPTIONS.timeCost},p=${ARGON2_OPTIONS.parallelism}$`);
  return { ok, rehash };
}

/**
 * Spends the same work as a real check, for a username that does not exist (or has no password),
 * so that the answer's timing does not tell whether the account exists.
 */
export async function verifyAgainstDummy(password: string, legacyCost: number | null = null): Promise<void> {
  await verifyPassword(await dummyArgon2Hash(), password, legacyCost);
}

/** How many password checks this process has run: tests use it to see equal work on every path. */
export function passwordVerificationCount(): number {
  return verifications;
}

/** A copy of the work counters. */
export function passwordWork(): Record<string, number> {
  return Object.fromEntries(work);
}
