import type { SignInProof } from "./auth/sign-in-proof.server";
import type { ForwardedTarget } from "./forward-auth/target.server";
import type { AppFacts } from "./permissions/protected-apps.server";
import type { Actor } from "~/auth/actor.server";
import type { RequestSettings } from "~/models/request-settings.server";
import type { Method } from "~/routes.table";

export interface RequestNotes {
  /** The route wrote its own audit row for its refusal (forward auth: per app, not per path). */
  denialAudited?: boolean;
  /** A new session cookie for this browser, made while authorizing (a proof renews the session): the pipeline sends it. */
  sessionCookie?: string;
}

export interface RouteCall {
  id: string;
  /** GET for a loader; the request's method for an action. */
  method: Method;
  authorized: boolean;
}

/** What the request pipeline hands every loader and action. */
export interface PorchContext {
  actor: Actor;
  client: { ip: string | null; userAgent: string | null };
  /** The origin we trust for this request: BASE_URL, else the one it was sent to (a host we answer to). */
  origin: string;
  requestId: string;
  /**
   * Server settings, when the actor's statement read them (a session or an API key); absent for a guest,
   * where whatever needs one reads it (with the page's own data where it can).
   */
  settings?: RequestSettings;
  /** This response's Content-Security-Policy nonce, for Remix's inline scripts. */
  cspNonce: string;
  /** Set by the route guard for each loader and action it calls: which route, and whether it authorized. */
  route?: RouteCall;
  /**
   * The request a reverse proxy asks about (forward-auth routes only), read before the pipeline drops
   * the forwarding headers.
   */
  forwarded?: ForwardedTarget;
  /** Forward auth's facts about that address, read in the actor's own statement (signed-in askers only). */
  appFacts?: AppFacts;
  /**
   * What a route tells the steps after Remix. One object shared by reference: the route guard hands each
   * loader a copy of the context, so a flag set on the context itself would never reach the pipeline.
   */
  notes: RequestNotes;
  /** Set by a password check that succeeded: the hash it matched (see startSession). */
  signInProof?: SignInProof;
}

declare module "@remix-run/server-runtime" {
  interface AppLoadContext extends PorchContext {}
}
declare module "@remix-run/node" {
  interface AppLoadContext extends PorchContext {}
}
