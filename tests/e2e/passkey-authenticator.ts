import type { CDPSession, Page } from "@playwright/test";
import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign } from "node:crypto";

// Chromium's virtual authenticator (the DevTools WebAuthn domain): a real browser making real passkeys,
// with a device we control. And, for the attacker's side, an answer signed with a passkey's own key
// outside any browser (what a phishing relay or a cloned key would send).

export interface VirtualAuthenticator {
  cdp: CDPSession;
  id: string;
}

export interface StoredCredential {
  credentialId: string; // base64 (standard), as CDP gives it
  rpId: string;
  privateKey: string; // PKCS#8, base64
  userHandle?: string;
  signCount: number;
  isResidentCredential: boolean;
}

/** A platform authenticator that holds discoverable passkeys and verifies its user (a fingerprint that always matches). */
export async function addAuthenticator(page: Page): Promise<VirtualAuthenticator> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable", { enableUI: false });
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, id: authenticatorId };
}

export async function credentialsOf(a: VirtualAuthenticator): Promise<StoredCredential[]> {
  return (await a.cdp.send("WebAuthn.getCredentials", { authenticatorId: a.id })).credentials as StoredCredential[];
}

/** Puts a copy of `credential` (say, with an older counter: a cloned key) into authenticator `a`. */
export async function addCredential(a: VirtualAuthenticator, credential: StoredCredential): Promise<void> {
  await a.cdp.send("WebAuthn.addCredential", { authenticatorId: a.id, credential });
}

export async function removeAuthenticator(a: VirtualAuthenticator): Promise<void> {
  await a.cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId: a.id });
}

const b64url = (bytes: Buffer) => bytes.toString("base64url");

/**
 * An assertion for `challenge` signed with the credential's private key, as a browser on `origin`
 * would send it: authenticator data (RP ID hash, user present and verified, counter) and the signature
 * over it and the client data's hash.
 */
export function forgeAssertion(
  credential: StoredCredential,
  options: { challenge: string; origin: string; counter: number; rpId?: string },
) {
  const clientData = Buffer.from(
    JSON.stringify({ type: "webauthn.get", challenge: options.challenge, origin: options.origin, crossOrigin: false }),
  );
  const counter = Buffer.alloc(4);
  counter.writeUInt32BE(options.counter);
  const authData = Buffer.concat([
    createHash("sha256")
      .update(options.rpId ?? credential.rpId)
      .digest(),
    Buffer.from([0x05]),
    counter,
  ]);
  const key = createPrivateKey({ key: Buffer.from(credential.privateKey, "base64"), format: "der", type: "pkcs8" });
  const signature = sign("sha256", Buffer.concat([authData, createHash("sha256").update(clientData).digest()]), key);
  const id = b64url(Buffer.from(credential.credentialId, "base64"));
  return {
    id,
    rawId: id,
    type: "public-key",
    clientExtensionResults: {},
    response: {
      clientDataJSON: b64url(clientData),
      authenticatorData: b64url(authData),
      signature: b64url(signature),
      userHandle: credential.userHandle ? b64url(Buffer.from(credential.userHandle, "base64")) : undefined,
    },
  };
}

/** CBOR for a COSE EC2 P-256 public key {1: 2, 3: -7, -1: 1, -2: x, -3: y}, as authenticators store it. */
export function coseKey(x: Buffer, y: Buffer): Buffer {
  const bytes = (b: Buffer) => Buffer.concat([Buffer.from([0x58, b.length]), b]);
  return Buffer.concat([Buffer.from([0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21]), bytes(x), Buffer.from([0x22]), bytes(y)]);
}

/**
 * A registration answer (attestation "none") for `challenge`, as a browser on `origin` would send it for a
 * new P-256 key: what a script making passkeys by the hundred sends.
 */
export function forgeRegistration(options: { challenge: string; origin: string; rpId: string }) {
  const { publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = publicKey.export({ format: "jwk" });
  const id = randomBytes(16);
  const clientData = Buffer.from(
    JSON.stringify({ type: "webauthn.create", challenge: options.challenge, origin: options.origin, crossOrigin: false }),
  );
  const idLength = Buffer.alloc(2);
  idLength.writeUInt16BE(id.length);
  const authData = Buffer.concat([
    createHash("sha256").update(options.rpId).digest(),
    Buffer.from([0x45]), // user present, user verified, attested credential data
    Buffer.alloc(4), // counter 0
    Buffer.alloc(16), // AAGUID: none
    idLength,
    id,
    coseKey(Buffer.from(jwk.x!, "base64url"), Buffer.from(jwk.y!, "base64url")),
  ]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(authData.length);
  // CBOR {"fmt": "none", "attStmt": {}, "authData": <bytes>}
  const attestationObject = Buffer.concat([
    Buffer.from([0xa3, 0x63]),
    Buffer.from("fmt"),
    Buffer.from([0x64]),
    Buffer.from("none"),
    Buffer.from([0x67]),
    Buffer.from("attStmt"),
    Buffer.from([0xa0, 0x68]),
    Buffer.from("authData"),
    Buffer.from([0x59]),
    length,
    authData,
  ]);
  return {
    id: b64url(id),
    rawId: b64url(id),
    type: "public-key",
    clientExtensionResults: {},
    response: { clientDataJSON: b64url(clientData), attestationObject: b64url(attestationObject), transports: ["internal"] },
  };
}
