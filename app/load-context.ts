import type { SignInProof } from "./auth/sign-in-proof.server";
import type { Actor } from "~/auth/actor.server";

/** What the request pipeline hands every loader and action. */
export interface PorchContext {
  actor: Actor;
  client: { ip: string | null; userAgent: string | null };
  /** The origin we trust for this request: BASE_URL, else the one it was sent to (a host we answer to). */
  origin: string;
  requestId: string;
  /** This response's Content-Security-Policy nonce, for Remix's inline scripts. */
  cspNonce: string;
  /** Set by a password check that succeeded: the hash it matched (see startSession). */
  signInProof?: SignInProof;
}

declare module "@remix-run/server-runtime" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends PorchContext {}
}
declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends PorchContext {}
}
