// authorize(args, id): the first call of every loader and action. The route table says who may use the
// route (app/routes.table.ts); this applies it and hands back what the route may act on.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { isSignedIn, type Actor, type SignedInActor } from "~/auth/actor.server";
import { PASSKEY_STEP_WORDS, type PasskeyStep } from "~/auth/passkeys/requirement";
import { requireRecentProof } from "~/auth/elevation.server";
import { getSql } from "~/db.server";
import { holdsLiveLink } from "~/models/live-links.server";
import { isOnboarded } from "~/models/onboarding.server";
import { ROUTE_TABLE, type Access, type Method, type RouteEntry, type RouteId, type RouteTable } from "~/routes.table";
import { boardAllows, boardLevelOf, type BoardLevel } from "./boards";
import { itemsSeenAt } from "./board-items";
import type { BoardItem } from "~/models/boards.server";
import { loadBoardFacts, readGuestAccess, type BoardRecord } from "./boards.server";
import type { PermissionKey } from "./definitions";
import { integrationAllows, integrationLevelOf, type IntegrationLevel } from "./integrations";
import { loadIntegrationFacts, type IntegrationRecord } from "./integrations.server";
import { answerRefusal } from "~/server/refusal-answer.server";
import { returnDestination } from "~/server/return-to.server";
import { Refusal } from "./refusal.server";
import type { Subject } from "./resource-rules";
import { subjectOfActor } from "./subject.server";

/** Public, anonymous-only, onboarding and choosing-password routes: who is asking, nothing more. */
export interface OpenGrant {
  actor: Actor;
}
/** Guest routes: a signed-in person, or a guest while guest access is on. */
export interface GuestGrant {
  actor: Actor;
  /** Who the board and integration rules see (guests with the guest setting). */
  subject: Subject;
}
/** Signed-in routes (`user`, a permission). */
export interface SignedInGrant {
  actor: SignedInActor;
  subject: Subject;
}
export interface BoardGrant extends GuestGrant {
  board: BoardRecord;
  /**
   * The board's items the asker sees (itemsSeenAt), when asked for with `{ items: true }`: read in the
   * same statement as the board.
   */
  items?: BoardItem[];
  level: BoardLevel;
  /** A form or field that needs more than the method does (say, settings in a PATCH): refused unless held. */
  need(level: BoardLevel): void;
}
export interface IntegrationGrant extends SignedInGrant {
  integration: IntegrationRecord;
  level: IntegrationLevel;
  need(level: IntegrationLevel): void;
}

type AccessesOf<E> = E extends { access: infer A; methodAccess: infer M } ? A | M[keyof M] : E extends { access: infer A } ? A : never;
type GrantFor<A> = A extends { board: BoardLevel }
  ? BoardGrant
  : A extends { integration: IntegrationLevel }
    ? IntegrationGrant
    : A extends "user" | { permission: PermissionKey }
      ? SignedInGrant
      : A extends "guest"
        ? GuestGrant
        : OpenGrant;
/** What authorize() hands a route: typed by the route's own entry (every method's rule). */
export type GrantOf<Id extends RouteId> = GrantFor<AccessesOf<RouteTable[Id]>>;

type Args = LoaderFunctionArgs | ActionFunctionArgs;

/** What a board route wants loaded with the board itself, in the same round trip. */
export interface AuthorizeOptions {
  items?: boolean;
  /** With the items: which app tiles don't open the protected app they link into (edit mode's marker). */
  unopenedApps?: boolean;
}
type WithOptions<G, O> = G extends BoardGrant ? (O extends { items: true } ? G & { items: BoardItem[] } : G) : G;

/**
 * The grant for this request on route `id`, or the refusal's answer, thrown. `id` must be the calling
 * module's own route id: the route guard (app/server/route-guard.server.ts) checks it, and refuses to
 * answer for a loader or action that did not call this first. Called outside the pipeline (a test
 * calling an action), the request's method says which rule applies.
 */
export async function authorize<Id extends RouteId, O extends AuthorizeOptions = object>(
  args: Args,
  id: Id,
  options?: O,
): Promise<WithOptions<GrantOf<Id>, O>> {
  const call = args.context.route;
  if (call && call.id !== id) throw new Error(`authorize(args, "${id}") called from route "${call.id}"`);
  if (call) call.authorized = true;
  const entry: RouteEntry = ROUTE_TABLE[id];
  const method = call?.method ?? (args.request.method === "HEAD" ? "GET" : (args.request.method as Method));
  try {
    const grant = await grantFor(entry.methodAccess?.[method] ?? entry.access, args, id, method, options ?? {});
    // Who may ask comes first: a stranger learns nothing about the route, not even its methods.
    if (!entry.methods.includes(method)) throw new Refusal("method-not-allowed", undefined, { allow: entry.methods });
    // A sensitive action (the table's `sensitive`) asks for a recent proof of who is asking.
    const { actor } = args.context;
    if (entry.sensitive && isSignedIn(actor)) {
      await requireRecentProof(args.request, args.context, entry, method, actor, new Date(), /(^|[./])_index$/.test(id));
      // A proof given with this request renewed the session: the route acts as the new one.
      (grant as { actor: Actor }).actor = args.context.actor;
    }
    return grant as WithOptions<GrantOf<Id>, O>;
  } catch (error) {
    throw error instanceof Refusal ? answerRefusal(error, args.request, Boolean(entry.api)) : error;
  }
}

async function grantFor(access: Access, args: Args, id: RouteId, method: Method, options: AuthorizeOptions): Promise<unknown> {
  const { actor } = args.context;
  if (access === "public") return { actor };
  if (access === "anonymous") {
    if (isSignedIn(actor)) throw new Refusal("signed-in", undefined, { to: await onwardFor(args.request) });
    return { actor };
  }
  if (access === "onboarding") {
    if (await isOnboarded(getSql())) throw new Refusal("not-found");
    return { actor };
  }
  if (access === "choosing-password") {
    if (actor.kind === "session") return { actor };
    // An API key chooses no password in a browser: the live hint is for people typing one.
    if (actor.kind === "api-key") throw new Refusal("forbidden", "API keys can't ask for the live password hint.");
    if (!(await isOnboarded(getSql())) || (await holdsLiveLink(getSql(), args.request.headers.get("porch-link")))) return { actor };
    throw new Refusal("sign-in");
  }
  if (access === "guest") {
    if (isSignedIn(actor)) return signedIn(args, id);
    const subject = subjectOfActor(actor, args.context.settings?.guestAccess ?? (await readGuestAccess(getSql())));
    if (!subject.guestsAllowed) throw new Refusal("sign-in");
    return { actor, subject };
  }
  if (access === "user") return signedIn(args, id);
  if ("permission" in access) {
    const grant = signedIn(args, id);
    const key = access.permission;
    if (!grant.actor.permissions.has(key)) {
      throw new Refusal("forbidden", { page: `You need the "${key}" permission for this page.`, api: `You need the "${key}" permission.` });
    }
    return grant;
  }
  if ("board" in access) return boardGrant(args, id, method, access.board, options);
  return integrationGrant(args, id, access.integration);
}

/** The routes that open while a group's passkey requirement isn't met yet, by what the person must do. */
const PASSKEY_STEP_ROUTES: Record<PasskeyStep, ReadonlyArray<RouteId>> = {
  add: ["routes/settings", "routes/settings.security", "routes/api.passkeys.options"],
  confirm: ["routes/auth.confirm"],
  unavailable: ["routes/auth.confirm"],
  "ask-admin": ["routes/auth.confirm"],
};

/** Signed in, and done with what their groups require first (two-factor set-up, a passkey sign-in). */
function signedIn(args: Args, id: RouteId): SignedInGrant {
  const { actor } = args.context;
  if (!isSignedIn(actor)) throw new Refusal("sign-in");
  const entry: RouteEntry = ROUTE_TABLE[id];
  // Until it is set up, only the page that sets it up (and its layout) opens.
  if (actor.mustSetUpTwoFactor && (entry.api || !new URL(args.request.url).pathname.startsWith("/settings/security"))) {
    throw new Refusal("set-up-two-factor");
  }
  const step = actor.passkeyStep;
  if (step && !PASSKEY_STEP_ROUTES[step].includes(id)) {
    const words =
      actor.kind === "api-key"
        ? "this API key wasn't made in a session one of your passkeys proved: make a new one after signing in with your passkey"
        : PASSKEY_STEP_WORDS[step];
    throw new Refusal("passkey-required", `A group you are in requires signing in with a passkey: ${words}.`, {
      to: step === "add" ? "/settings/security?required=passkey" : "/auth/confirm",
    });
  }
  return { actor, subject: subjectOfActor(actor, true) };
}

/**
 * A guest without access goes to login (the same answer whether the board exists or not); a signed-in
 * person who may not see the board gets 404, never 403, so opening it tells nothing; one who sees it
 * but needs more gets 403. Guests never write.
 */
async function boardGrant(args: Args, id: RouteId, method: Method, needed: BoardLevel, options: AuthorizeOptions): Promise<BoardGrant> {
  const { actor } = args.context;
  if (isSignedIn(actor)) signedIn(args, id);
  else if (method !== "GET") throw new Refusal("sign-in");
  const { userId } = subjectOfActor(actor, false);
  // One round trip for the board, its facts, the items when asked for, and the guest setting unless the
  // actor's statement brought it; with no board, the refusal below doesn't depend on the setting.
  const name = String(args.params.name ?? "").toLowerCase();
  const { boards, guestsAllowed } = await loadBoardFacts(getSql(), { name }, userId, {
    items: options.items,
    unopenedApps: options.unopenedApps,
    guestsAllowed: args.context.settings?.guestAccess,
  });
  const subject = subjectOfActor(actor, guestsAllowed ?? false);
  const [board] = boards;
  const level = board ? boardLevelOf(subject, board).level : null;
  const refuse = (want: BoardLevel, have: BoardLevel | null): Refusal => {
    if (!isSignedIn(actor)) return new Refusal("sign-in");
    if (!board || !have) return new Refusal("not-found", { page: "Not Found", api: "No such board." });
    return new Refusal("forbidden", `You need "${want}" access to this board; you have "${have}".`);
  };
  if (!board || !level || !boardAllows(level, needed)) throw refuse(needed, level);
  const need = (want: BoardLevel) => {
    if (!boardAllows(level, want)) throw refuse(want, level);
  };
  const { items, ...record } = board;
  return { actor, subject, board: record, level, need, ...(options.items ? { items: itemsSeenAt(level, items ?? []) } : {}) };
}

/** Integrations: no guests; 404 without use, exactly as for a missing one; 403 for too little. */
async function integrationGrant(args: Args, id: RouteId, needed: IntegrationLevel): Promise<IntegrationGrant> {
  const { actor, subject } = signedIn(args, id);
  const [integration] = await loadIntegrationFacts(getSql(), [String(args.params.id ?? "")], subject.userId);
  const level = integration ? integrationLevelOf(subject, integration).level : null;
  const refuse = (want: IntegrationLevel) =>
    !integration || !level
      ? new Refusal("not-found", { page: "Not Found", api: "No such integration." })
      : new Refusal("forbidden", `You need "${want}" access to this integration; you have "${level}".`);
  if (!integration || !level || !integrationAllows(level, needed)) throw refuse(needed);
  const need = (want: IntegrationLevel) => {
    if (!integrationAllows(level, want)) throw refuse(want);
  };
  return { actor, subject, integration, level, need };
}

/**
 * Where a signed-in visitor of a page for signed-out people goes: their redirectTo when a sign-in would
 * have returned there (Porch's own path, or inside a protected app: forward auth sent someone signed in
 * to the login page because the app's host doesn't see their cookie yet), else home.
 */
export function onwardFor(request: Request): Promise<string> {
  return returnDestination(getSql(), new URL(request.url).searchParams.get("redirectTo"));
}
