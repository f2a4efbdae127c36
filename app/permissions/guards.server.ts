import { redirect } from "@remix-run/node";
import type { AppLoadContext } from "@remix-run/node";
import type { Actor } from "~/auth/actor.server";
import { getSql } from "~/db.server";
import { isOnboarded } from "~/models/onboarding.server";
import { loginRedirectFor, safeRedirect } from "~/utils/safe-redirect";
import { requireApiUser } from "./api-guard.server";
import type { PermissionKey } from "./definitions";

export type UserActor = Extract<Actor, { kind: "user" }>;

/** The actor the pipeline resolved for this request: a user, or a guest. */
export function getActor(context: AppLoadContext): Actor {
  return context.actor;
}

/** Signed-in users only; anyone else goes to the login page and comes back afterwards. */
export function requireUser(request: Request, context: AppLoadContext): UserActor {
  // The JSON API is answered in JSON whichever guard asks (a script can't follow a redirect to a page).
  if (new URL(request.url).pathname.startsWith("/api/")) return requireApiUser(context);
  const actor = context.actor;
  if (actor.kind !== "user") throw redirect(loginRedirectFor(request));
  // A group they are in requires two-factor sign-in: nothing else until it is set up.
  if (actor.mustSetUpTwoFactor && !new URL(request.url).pathname.startsWith("/settings/security")) {
    throw redirect("/settings/security?required=1");
  }
  return actor;
}

export function hasPermission(actor: Actor, key: PermissionKey): boolean {
  return actor.kind === "user" && actor.permissions.has(key);
}

/** Signed-in users holding `key` (directly, through a group, or implied by a higher key). */
export function requirePermission(request: Request, context: AppLoadContext, key: PermissionKey): UserActor {
  const actor = requireUser(request, context);
  if (!actor.permissions.has(key)) {
    throw new Response(`You need the "${key}" permission for this page.`, { status: 403 });
  }
  return actor;
}

/** Pages for signed-out people (the login page): a signed-in visitor goes where they were heading. */
export function requireAnonymous(request: Request, context: AppLoadContext): void {
  if (context.actor.kind === "user") {
    throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  }
}

/** Before the first administrator exists every page leads to onboarding. */
export async function requireOnboarded(): Promise<void> {
  if (!(await isOnboarded(getSql()))) throw redirect("/init");
}

/** The onboarding page exists only until it has been used: afterwards, 404 for good. */
export async function requireNotOnboarded(): Promise<void> {
  if (await isOnboarded(getSql())) throw new Response("Not Found", { status: 404 });
}
