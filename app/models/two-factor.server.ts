import { createTOTPKeyURI } from "@oslojs/otp";
import { encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { decrypt, encrypt } from "~/auth/encryption.server";
import { hashToken, randomToken } from "~/auth/tokens.server";
import { matchingStep, stepAt, TOTP_DIGITS, TOTP_STEP_MS } from "~/auth/totp";
import type { Db, Sql } from "~/db.server";
import { type AuditActor, recordChange } from "./audit.server";

export const RECOVERY_CODE_COUNT = 10;
const RECOVERY_PATTERN = /^[a-z2-7]{5}-[a-z2-7]{5}$/;

export interface TwoFactorState {
  enabled: boolean;
  /** While setting up: the secret to show as QR code and text. */
  pending: { secret: string; uri: string } | null;
  recoveryCodesLeft: number;
}

function describeKey(key: Uint8Array, username: string) {
  return { secret: encodeBase32UpperCaseNoPadding(key), uri: createTOTPKeyURI("Porch", username, key, TOTP_STEP_MS / 1000, TOTP_DIGITS) };
}

/**
 * How long a setup waits for its first code (attack30: a secret left pending for days could be read
 * from a stolen session and confirmed later, by the thief or by the owner unaware).
 */
export const PENDING_SETUP_MS = 15 * 60_000;
const pendingSince = (now: Date) => new Date(now.getTime() - PENDING_SETUP_MS);

export async function twoFactorState(db: Db, user: { id: string; username: string }, now = new Date()): Promise<TwoFactorState> {
  const [row] = await db<{ secretEncrypted: Uint8Array; enabledAt: Date | null; left: number }[]>`
    select t.secret_encrypted, t.enabled_at,
           (select count(*)::int from recovery_codes r where r.user_id = t.user_id and r.used_at is null) as left
      from user_totp t where t.user_id = ${user.id} and (t.enabled_at is not null or t.created_at > ${pendingSince(now)})`;
  if (!row) return { enabled: false, pending: null, recoveryCodesLeft: 0 };
  if (row.enabledAt) return { enabled: true, pending: null, recoveryCodesLeft: row.left };
  return { enabled: false, pending: describeKey(decrypt(row.secretEncrypted), user.username), recoveryCodesLeft: 0 };
}

/**
 * Starts setting up: a new secret every time (never one shown before, which someone else may have
 * read), kept encrypted until a first code confirms it within PENDING_SETUP_MS. Two-factor already on
 * stays as it is.
 */
export async function beginEnrollment(sql: Sql, user: { id: string; username: string }, now = new Date()): Promise<void> {
  const key = crypto.getRandomValues(new Uint8Array(20));
  await sql`
    insert into user_totp (user_id, secret_encrypted, created_at) values (${user.id}, ${encrypt(key)}, ${now})
    on conflict (user_id) do update set secret_encrypted = excluded.secret_encrypted, created_at = excluded.created_at
     where user_totp.enabled_at is null`;
}

async function newRecoveryCodes(tx: Db, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = randomToken(7).slice(0, 10);
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  await tx`delete from recovery_codes where user_id = ${userId}`;
  for (const code of codes) await tx`insert into recovery_codes (user_id, code_hash) values (${userId}, ${hashToken(code)})`;
  return codes;
}

/** A first correct code turns two-factor on; returns the recovery codes, shown once. */
export async function confirmEnrollment(sql: Sql, actor: AuditActor & { userId: string }, code: string, now = new Date()) {
  return sql.begin(async (tx) => {
    const [row] = await tx<{ secretEncrypted: Uint8Array }[]>`
      select secret_encrypted from user_totp
       where user_id = ${actor.userId} and enabled_at is null and created_at > ${pendingSince(now)} for update`;
    if (!row) return null;
    const step = matchingStep(decrypt(row.secretEncrypted), code.trim(), now);
    if (step === null) return null;
    await tx`update user_totp set enabled_at = ${now}, last_used_step = ${step} where user_id = ${actor.userId}`;
    await recordChange(tx, actor, "two-factor.enabled", { type: "user", id: actor.userId });
    return newRecoveryCodes(tx, actor.userId);
  });
}

export async function regenerateRecoveryCodes(sql: Sql, actor: AuditActor & { userId: string }): Promise<string[]> {
  return sql.begin(async (tx) => {
    const codes = await newRecoveryCodes(tx, actor.userId);
    await recordChange(tx, actor, "two-factor.recovery-codes-regenerated", { type: "user", id: actor.userId });
    return codes;
  });
}

/** Turns two-factor off (the user, with password and code; or an admin resetting it). */
export async function disableTwoFactor(sql: Sql, actor: AuditActor, userId: string): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`delete from user_totp where user_id = ${userId}`;
    await tx`delete from recovery_codes where user_id = ${userId}`;
    await recordChange(tx, actor, actor.userId === userId ? "two-factor.disabled" : "two-factor.reset-by-admin", {
      type: "user",
      id: userId,
    });
  });
}

export async function usesTwoFactor(db: Db, userId: string): Promise<boolean> {
  const [row] = await db`select 1 from user_totp where user_id = ${userId} and enabled_at is not null`;
  return Boolean(row);
}

/**
 * Checks a second factor: a TOTP code (±1 step of drift, each step usable once, claimed atomically so
 * a replayed or raced code fails) or an unused recovery code (spent on use).
 */
export async function verifySecondFactor(db: Db, userId: string, input: string, now = new Date()): Promise<"code" | "recovery" | null> {
  const code = input.trim().toLowerCase().replace(/\s+/g, "");
  if (RECOVERY_PATTERN.test(code)) {
    const spent = await db`
      update recovery_codes set used_at = ${now}
       where user_id = ${userId} and code_hash = ${hashToken(code)} and used_at is null returning 1`;
    return spent.length ? "recovery" : null;
  }
  const [row] = await db<{ secretEncrypted: Uint8Array }[]>`
    select secret_encrypted from user_totp where user_id = ${userId} and enabled_at is not null`;
  if (!row) return null;
  const step = matchingStep(decrypt(row.secretEncrypted), code, now);
  if (step === null || step < stepAt(now) - 1) return null;
  const claimed = await db`
    update user_totp set last_used_step = ${step} where user_id = ${userId} and last_used_step < ${step} returning 1`;
  return claimed.length ? "code" : null;
}
