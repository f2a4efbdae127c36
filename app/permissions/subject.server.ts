import type { Actor } from "~/auth/actor.server";
import type { Subject } from "./resource-rules";

/**
 * Who the resource rules (boards, integrations) see for this actor. An API key acts on its owner's own
 * rows and creator rights only when it was created to "act as me"; otherwise it carries just its
 * global permissions. `guestsAllowed` matters only for guests.
 */
export function subjectOfActor(actor: Actor, guestsAllowed: boolean): Subject {
  if (actor.kind === "guest") return { signedIn: false, userId: null, permissions: new Set(), guestsAllowed };
  const userId = actor.kind === "api-key" && !actor.apiKey.actAsOwner ? null : actor.user.id;
  return { signedIn: true, userId, permissions: actor.permissions, guestsAllowed };
}
