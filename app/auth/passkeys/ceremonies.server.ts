import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { decodeBase64urlIgnorePadding } from "@oslojs/encoding";
import type { Db, Sql } from "~/db.server";
import { recordAudit, recordChange, type AuditActor } from "~/models/audit.server";
import { PASSKEY_NAME_MAX, passkeyName } from "~/models/passkeys.server";
import { authenticatorName } from "./authenticator-names";
import { issueChallenge, redeemChallenge, type ChallengeSubject } from "./challenges.server";
import type { PasskeyConfig } from "./config";
import { WEBAUTHN_CHALLENGE_MS } from "../lifetimes";
import { passkeysAllowedFor } from "./place.server";

// The two WebAuthn ceremonies (ADR 037), each in two steps: options (with a challenge this browser may
// redeem once) and the authenticator's answer, verified against BASE_URL's origin and RP ID only.

export interface PasskeyPlace {
  config: PasskeyConfig;
  /** Whether cookies are Secure (__Host- names). */
  secure: boolean;
}

type Refused = { ok: false; error: string };

/** The user handle a passkey stores for a person: their id's 16 bytes (no name, nothing personal). */
const userHandle = (userId: string) =>
  Uint8Array.from(
    userId
      .replace(/-/g, "")
      .match(/../g)!
      .map((h) => parseInt(h, 16)),
  );
const handleText = (userId: string) => Buffer.from(userHandle(userId)).toString("base64url");

/** Options to register a passkey for `user` in this session, and the challenge cookie. */
export async function registrationOptions(
  db: Db,
  request: Request,
  place: PasskeyPlace,
  user: { id: string; username: string; displayName: string | null },
  sessionId: string,
): Promise<{ options: PublicKeyCredentialCreationOptionsJSON; cookie: string }> {
  const existing = await db<{ id: string; transports: string[] }[]>`
    select id, transports from webauthn_credentials where user_id = ${user.id}`;
  const { challenge, cookie } = await issueChallenge(db, request, "register", { userId: user.id, sessionId }, place.secure);
  const options = await generateRegistrationOptions({
    rpName: place.config.rpName,
    rpID: place.config.rpId,
    userName: user.username,
    userDisplayName: user.displayName ?? user.username,
    userID: userHandle(user.id),
    challenge: Uint8Array.from(decodeBase64urlIgnorePadding(challenge)),
    timeout: WEBAUTHN_CHALLENGE_MS,
    attestationType: "none",
    // The same authenticator twice would be one passkey under two names.
    excludeCredentials: existing.map((c) => ({ id: c.id, transports: c.transports })),
    // Discoverable, so it can sign in without a name; verified (PIN, fingerprint), so it is two factors in one.
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
  return { options, cookie };
}

/**
 * Verifies a registration answer and stores the passkey. The owner's row is locked and the session
 * checked in the storing transaction, as resetCredentials() locks it: a passkey added by a session that a
 * recovery is ending either exists before the recovery (which removes it) or isn't stored (attack24).
 */
export async function finishRegistration(
  db: Sql,
  request: Request,
  place: PasskeyPlace,
  subject: ChallengeSubject & { userId: string },
  answer: unknown,
  name: string,
  actor: AuditActor,
): Promise<{ ok: true; id: string; name: string } | Refused> {
  const challenge = await redeemChallenge(db, request, "register", subject, place.secure);
  if (!challenge) return { ok: false, error: "That passkey request expired or was already used. Add the passkey again." };
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response: answer as RegistrationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: place.config.origin,
      expectedRPID: place.config.rpId,
      requireUserVerification: true,
    });
  } catch (error) {
    await recordChange(db, actor, "passkey.refused", { type: "user", id: subject.userId }, { step: "register", reason: reasonOf(error) });
    return { ok: false, error: "Your browser's answer didn't check out, so no passkey was added. Try again." };
  }
  if (!verified.verified) return { ok: false, error: "Your browser's answer didn't check out, so no passkey was added. Try again." };
  const info = verified.registrationInfo;
  const aaguid = /^0{8}-0{4}-0{4}-0{4}-0{12}$/.test(info.aaguid) ? null : info.aaguid;
  const chosen = passkeyName(name).slice(0, PASSKEY_NAME_MAX) || authenticatorName(aaguid) || "Passkey";
  return db.begin(async (tx) => {
    await tx`select 1 from users where id = ${subject.userId} for update`;
    const [alive] = await tx`
      select 1 from sessions s join users u on u.id = s.user_id
       where s.id = ${subject.sessionId} and s.user_id = ${subject.userId} and s.expires_at > now() and u.status = 'active'`;
    if (!alive) return { ok: false as const, error: "Your session ended, so no passkey was added. Sign in again." };
    const [row] = await tx`
      insert into webauthn_credentials (id, user_id, public_key, sign_count, transports, backed_up, device_type, aaguid, name)
      values (${info.credential.id}, ${subject.userId}, ${info.credential.publicKey}, ${info.credential.counter},
              ${info.credential.transports ?? []}, ${info.credentialBackedUp}, ${info.credentialDeviceType}, ${aaguid}, ${chosen})
      on conflict (id) do nothing
      returning id`;
    if (!row) return { ok: false as const, error: "That passkey is already registered." };
    await recordChange(tx, actor, "passkey.registered", { type: "user", id: subject.userId }, { passkey: chosen });
    return { ok: true as const, id: info.credential.id, name: chosen };
  });
}

/**
 * Which passkey answer is asked for: a passwordless sign-in (any passkey of this site the browser holds,
 * its person verified: it is the whole sign-in), or the second factor after one person's password (one
 * of their passkeys; presence is enough, the password was the other factor).
 */
export type AssertionFor =
  | { purpose: "sign-in" }
  | { purpose: "second-factor"; userId: string; pendingId: string }
  // A passkey answering inside a signed-in session (the confirm page): one of its person's, verified.
  | { purpose: "session"; userId: string; sessionId: string };

const subjectOf = (forWhom: AssertionFor): ChallengeSubject =>
  forWhom.purpose === "sign-in"
    ? { userId: null, sessionId: null }
    : forWhom.purpose === "session"
      ? { userId: forWhom.userId, sessionId: forWhom.sessionId }
      : { userId: forWhom.userId, sessionId: null, pendingId: forWhom.pendingId };

/** The person an answer must come from, when the ceremony was for someone in particular. */
const personOf = (forWhom: AssertionFor) => (forWhom.purpose === "sign-in" ? null : forWhom.userId);

/** Options for a passkey answer, and the challenge cookie. */
export async function assertionOptions(
  db: Db,
  request: Request,
  place: PasskeyPlace,
  forWhom: AssertionFor,
): Promise<{ options: PublicKeyCredentialRequestOptionsJSON; cookie: string }> {
  const person = personOf(forWhom);
  const theirs = person
    ? await db<{ id: string; transports: string[] }[]>`select id, transports from webauthn_credentials where user_id = ${person}`
    : [];
  const { challenge, cookie } = await issueChallenge(db, request, forWhom.purpose, subjectOf(forWhom), place.secure);
  const options = await generateAuthenticationOptions({
    rpID: place.config.rpId,
    challenge: Uint8Array.from(decodeBase64urlIgnorePadding(challenge)),
    timeout: WEBAUTHN_CHALLENGE_MS,
    userVerification: forWhom.purpose === "second-factor" ? "preferred" : "required",
    allowCredentials: theirs.map((c) => ({ id: c.id, transports: c.transports })),
  });
  return { options, cookie };
}

interface StoredPasskey {
  id: string;
  userId: string;
  publicKey: Uint8Array;
  signCount: string;
  transports: string[];
  status: string;
  provider: string;
}

const NOT_HERE = "That passkey can't sign you in here. Sign in with your password, or try another passkey.";

/**
 * Verifies a passkey's answer: the signature over this browser's one-time challenge, made on BASE_URL's
 * origin for its RP ID, by a passkey Porch knows (for a second factor: one of that person's), with the
 * person verified for a passwordless sign-in. Returns the user it proves.
 */
export async function verifyAssertion(
  db: Db,
  request: Request,
  place: PasskeyPlace,
  answer: unknown,
  client: { ip: string | null; userAgent: string | null },
  forWhom: AssertionFor,
  now = new Date(),
): Promise<{ ok: true; userId: string; passkeyId: string } | Refused> {
  const step = forWhom.purpose;
  const challenge = await redeemChallenge(db, request, step, subjectOf(forWhom), place.secure, now);
  if (!challenge) return { ok: false, error: "That sign-in took too long or was already used. Try the passkey again." };
  const response = answer as AuthenticationResponseJSON;
  const refuse = async (reason: string, userId: string | null, action = "passkey.refused") => {
    await recordAudit(db, {
      action,
      actorUserId: null,
      targetType: userId ? "user" : null,
      targetId: userId,
      ...client,
      details: { step, reason },
    });
    return { ok: false as const, error: NOT_HERE };
  };
  if (typeof response?.id !== "string" || !/^[A-Za-z0-9_-]{1,1366}$/.test(response.id)) return refuse("malformed answer", null);
  const [stored] = await db<StoredPasskey[]>`
    select c.id, c.user_id, c.public_key, c.sign_count, c.transports, u.status, u.provider
      from webauthn_credentials c join users u on u.id = c.user_id
     where c.id = ${response.id}`;
  const person = personOf(forWhom);
  if (!stored) return refuse("unknown passkey", person);
  if (person && stored.userId !== person) return refuse("a passkey of another account", person);
  // Told apart for the log: an answer made on another site (a phishing page relaying it) is an attack.
  const origin = originOf(response);
  if (origin !== place.config.origin)
    return refuse(`made for ${origin?.slice(0, 100) ?? "no origin"}`, stored.userId, "passkey.wrong-origin");
  if (response.response?.userHandle && response.response.userHandle !== handleText(stored.userId))
    return refuse("the passkey names another person", stored.userId);
  let verified;
  try {
    verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: place.config.origin,
      expectedRPID: place.config.rpId,
      // Our own counter rule follows: given 0, the library checks none.
      credential: { id: stored.id, publicKey: new Uint8Array(stored.publicKey), counter: 0, transports: stored.transports as never },
      requireUserVerification: step !== "second-factor",
    });
  } catch (error) {
    return refuse(reasonOf(error), stored.userId);
  }
  if (!verified.verified) return refuse("signature", stored.userId);
  // Accounts from a directory, an identity provider or a proxy are allowed in by that source each time;
  // a passkey here would get around it (a person removed there could still sign in).
  if (stored.status !== "active") return refuse("the account is inactive", stored.userId);
  if (step === "sign-in" && !passkeysAllowedFor(stored)) return refuse(`the account signs in through ${stored.provider}`, stored.userId);
  const after = verified.authenticationInfo.newCounter;
  // A counter that didn't move forward (when the authenticator keeps one) means two copies of one key.
  // Checked and moved in one statement: two copies answering at the same moment can't both pass.
  const [moved] = await db`
    update webauthn_credentials
       set sign_count = ${after}, backed_up = ${verified.authenticationInfo.credentialBackedUp},
           last_used_at = ${now}, last_used_ip = ${client.ip}, last_used_user_agent = ${client.userAgent?.slice(0, 512) ?? null}
     where id = ${stored.id} and ((${after}::bigint = 0 and sign_count = 0) or sign_count < ${after}::bigint)
    returning id`;
  if (!moved) {
    const [still] = await db`select 1 from webauthn_credentials where id = ${stored.id}`;
    if (!still) return refuse("the passkey was removed during the sign-in", stored.userId);
    return refuse(`counter went from ${stored.signCount} to ${after}`, stored.userId, "passkey.counter-anomaly");
  }
  return { ok: true, userId: stored.userId, passkeyId: stored.id };
}

/** The origin the browser says it made the answer on (clientDataJSON), or null when unreadable. */
function originOf(response: AuthenticationResponseJSON): string | null {
  try {
    const json = JSON.parse(new TextDecoder().decode(decodeBase64urlIgnorePadding(response.response.clientDataJSON)));
    return typeof json.origin === "string" ? json.origin.slice(0, 200) : null;
  } catch {
    return null;
  }
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message.slice(0, 200) : "unreadable answer");

/** The browser's answer as posted (JSON in a form field); anything unreadable becomes null, which verifying refuses. */
export function parseAnswer(value: FormDataEntryValue | null): unknown {
  if (typeof value !== "string" || value.length > 64 * 1024) return null;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}
