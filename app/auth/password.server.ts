import { hash, verify } from "@node-rs/argon2";
import bcrypt from "bcryptjs";

// OWASP's argon2id recommendation: 19 MiB of memory, 2 passes, 1 lane.
// algorithm 2 is Argon2id (the package exports it as a const enum, which isolated modules can't read).
const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password-rules";

let verifications = 0;
let dummyHash: Promise<string> | null = null;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

function isBcrypt(stored: string): boolean {
  return /^\$2[aby]\$/.test(stored);
}

/**
 * Checks a password against an argon2id hash, or a bcrypt hash imported from Homarr.
 * `rehash` says the stored hash should be replaced by a fresh argon2id one.
 */
export async function verifyPassword(stored: string, password: string): Promise<{ ok: boolean; rehash: boolean }> {
  verifications++;
  try {
    if (isBcrypt(stored)) {
      const ok = await bcrypt.compare(password, stored);
      return { ok, rehash: ok };
    }
    const ok = await verify(stored, password);
    const rehash = ok && !stored.startsWith(`$argon2id$v=19$m=${ARGON2_OPTIONS.memoryCost},t=${ARGON2_OPTIONS.timeCost},p=${ARGON2_OPTIONS.parallelism}$`);
    return { ok, rehash };
  } catch {
    // A malformed stored hash never signs anyone in.
    return { ok: false, rehash: false };
  }
}

/**
 * Spends the same work as a real check, for a username that does not exist,
 * so that the answer's timing does not tell whether the account exists.
 */
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword("porch-dummy-password-for-timing");
  await verifyPassword(await dummyHash, password);
}

/** How many password checks this process has run: tests use it to see equal work on every path. */
export function passwordVerificationCount(): number {
  return verifications;
}
