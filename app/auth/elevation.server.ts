// Re-authentication before sensitive actions (issue #21, ADR 037). The route table lists them
// (`sensitive`); authorize() calls requireRecentProof() for each request, and this is the one place that
// decides whether the session's person proved who they are recently enough, takes a new proof, and says
// what the refusal's page offers.
import type { AppLoadContext } from "@remix-run/node";
import { encodeBase64urlNoPadding } from "@oslojs/encoding";
import { getConfig } from "~/config.server";
import { CONFIRM_FIELD_NAMES } from "~/utils/confirm-fields";
import { getSql } from "~/db.server";
import { hasLocalPassword, passwordIsRight } from "~/models/account.server";
import { hasPasskeys } from "~/models/passkeys.server";
import { usesTwoFactor, verifySecondFactor } from "~/models/two-factor.server";
import { Refusal } from "~/permissions/refusal.server";
import type { Method, RouteEntry, Sensitive } from "~/routes.table";
import type { SessionActor, SignedInActor } from "./actor.server";
import { checkInSession } from "./budget.server";
import { renewOnProof } from "./proof-renewal.server";
import { ldapSignIn } from "./ldap/ldap.server";
import { sessionAsker } from "./own-password.server";
import { parseAnswer, verifyAssertion } from "./passkeys/ceremonies.server";
import { passkeyPlace } from "./passkeys/place.server";

/** What the person can prove it's them with, now. */
export interface Proofs {
  password: boolean;
  code: boolean;
  passkey: boolean;
  /** Signing in again at the identity provider (OpenID Connect accounts): its name. */
  provider: string | null;
}

/** What the refusal's page needs: the action, where it posts, the refused form's fields (secrets left out), the ways to prove it. */
export interface ConfirmAsk {
  what: string;
  action: string;
  fields: [string, string][];
  proofs: Proofs;
  /** The page to come back to after signing in again at the provider. */
  page: string;
  ttlMinutes: number;
  error?: string;
}

/** Whether the session's person proved who they are within AUTH_ELEVATION_TTL of `now`. */
export function provedRecently(actor: SessionActor, now: Date, ttlMs = getConfig().elevationTtlMs): boolean {
  const at = actor.session.elevatedAt;
  return at !== null && now.getTime() - at.getTime() < ttlMs;
}

/**
 * Refuses a sensitive action to a session without a recent proof, unless this very request carries one
 * (the confirmation sent with the refused form). API keys are their own proof. A proxy's sessions are
 * asked too (attack29: their cookie works without the proxy); they prove it by signing in again.
 */
export async function requireRecentProof(
  request: Request,
  context: AppLoadContext,
  entry: RouteEntry,
  method: Method,
  actor: SignedInActor,
  now = new Date(),
  /** An index route: its forms post to `<path>?index` (Remix drops the parameter before the action sees the request). */
  index = false,
): Promise<void> {
  if (actor.kind !== "session" || !entry.sensitive) return;
  const listed = entry.sensitive.filter((s) => s.method === method);
  if (!listed.length) return;
  const form = listed.some((s) => s.intent) || isForm(request) ? await readForm(request) : null;
  const action = listed.find((s) => !s.intent || s.intent === form?.get("intent"));
  if (!action) return;
  if (provedRecently(actor, now)) return;
  if (action.passwordInForm && (await hasLocalPassword(getSql(), actor.user.id))) return;
  let error: string | undefined;
  if (form && carriesProof(form)) {
    error = await takeProof(request, context, actor, form, action, now);
    if (!error) return;
  }
  const ask = await confirmAsk(actor, request, action, form, error, index);
  // A page's form: to the confirmation page, which shows the kept form (a script gets JSON instead).
  const to = entry.api ? undefined : `/auth/confirm?request=${await keepRequest(actor, ask, now)}`;
  throw new Refusal("elevate", `Confirm it's you to ${action.what}: open /auth/confirm, then try again.`, { confirm: ask, to });
}

const isForm = (request: Request) =>
  /^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(request.headers.get("content-type") ?? "");

/** The form, read from a copy: the action reads the request's own body after this. */
async function readForm(request: Request): Promise<FormData | null> {
  if (!isForm(request)) return null;
  try {
    return await request.clone().formData();
  } catch {
    return null;
  }
}

const carriesProof = (form: FormData) => Object.values(CONFIRM_FIELD_NAMES).some((name) => String(form.get(name) ?? "") !== "");

/** Checks the proof the form carries, on the account's budget; marks the session and audits it. The error to show, or none. */
async function takeProof(
  request: Request,
  context: AppLoadContext,
  actor: SessionActor,
  form: FormData,
  action: Sensitive,
  now: Date,
): Promise<string | undefined> {
  const sql = getSql();
  const passkey = form.get(CONFIRM_FIELD_NAMES.passkey);
  const password = String(form.get(CONFIRM_FIELD_NAMES.password) ?? "");
  const code = String(form.get(CONFIRM_FIELD_NAMES.code) ?? "");
  const how = passkey ? "passkey" : password ? "password" : "code";
  const wrong = await checkInSession(
    sessionAsker(actor, context),
    `confirmation (${how})`,
    async () => {
      if (how === "passkey") {
        const place = passkeyPlace();
        if (!place) return false;
        const forWhom = { purpose: "session" as const, userId: actor.user.id, sessionId: actor.session.id };
        return (await verifyAssertion(sql, request, place, parseAnswer(passkey), context.client, forWhom, now)).ok;
      }
      if (how === "password") return passwordHolds(actor, password);
      return (await verifySecondFactor(sql, actor.user.id, code, now)) !== null;
    },
    how === "passkey"
      ? "That passkey didn't confirm it's you."
      : how === "password"
        ? "That is not your password."
        : "That code didn't work.",
  );
  if (wrong.length) return wrong.join(" ");
  // A new session for this browser, proved now; the one the proof was given on ends (a planted copy with it).
  await renewOnProof(context, actor, how, action.what, now);
  return undefined;
}

/** The account's password: Porch's own hash, or the directory's bind for an LDAP account (the same entry). */
async function passwordHolds(actor: SessionActor, password: string): Promise<boolean> {
  if (await hasLocalPassword(getSql(), actor.user.id)) return passwordIsRight(actor.user.id, password);
  const ldap = getConfig().ldap;
  if (actor.user.provider !== "ldap" || !ldap || !password) return false;
  try {
    const found = await ldapSignIn(ldap, actor.user.username, password);
    return found.externalId === actor.user.externalId;
  } catch {
    return false;
  }
}

/** What the person can prove it's them with. */
export async function proofsOf(actor: SessionActor): Promise<Proofs> {
  const sql = getSql();
  const config = getConfig();
  return {
    password: (await hasLocalPassword(sql, actor.user.id)) || (actor.user.provider === "ldap" && config.ldap !== null),
    code: await usesTwoFactor(sql, actor.user.id),
    passkey: passkeyPlace() !== null && (await hasPasskeys(sql, actor.user.id)),
    provider: actor.user.provider === "oidc" && config.oidc ? config.oidc.clientName : null,
  };
}

/** How long a refused form waits on the confirmation page. */
const KEPT_FOR_MS = 10 * 60_000;

/** Keeps what the confirmation page shows, for this session: its random id. */
async function keepRequest(actor: SessionActor, ask: ConfirmAsk, now: Date): Promise<string> {
  const id = encodeBase64urlNoPadding(crypto.getRandomValues(new Uint8Array(18)));
  await getSql()`
    with dropped as (delete from elevation_requests where expires_at < ${now})
    insert into elevation_requests (id, session_id, what, action, page, fields, error, expires_at)
    values (${id}, ${actor.session.id}, ${ask.what}, ${ask.action}, ${ask.page}, ${getSql().json(ask.fields)},
            ${ask.error ?? null}, ${new Date(now.getTime() + KEPT_FOR_MS)})`;
  return id;
}

/** A kept request, for the session it was made for and while it lasts; null otherwise. */
export async function keptRequest(actor: SessionActor, id: string, now = new Date()): Promise<ConfirmAsk | null> {
  if (!/^[A-Za-z0-9_-]{10,40}$/.test(id)) return null;
  const [row] = await getSql()<{ what: string; action: string; page: string; fields: [string, string][]; error: string | null }[]>`
    select what, action, page, fields, error from elevation_requests
     where id = ${id} and session_id = ${actor.session.id} and expires_at > ${now}`;
  return row ? askOf(actor, row) : null;
}

/** The page's contents from what was refused, with what this person can prove it with now. */
async function askOf(
  actor: SessionActor,
  refused: Pick<ConfirmAsk, "what" | "action" | "page" | "fields"> & { error?: string | null },
): Promise<ConfirmAsk> {
  const { error, ...rest } = refused;
  return {
    ...rest,
    proofs: await proofsOf(actor),
    ttlMinutes: Math.round(getConfig().elevationTtlMs / 60_000),
    ...(error ? { error } : {}),
  };
}

const UUID = "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})";
/**
 * Whose account, which group, protected app or board the refused action is about, in words (attack30,
 * attack31: a thief could prepare a confirmation of "change their permissions" or "stop protecting the
 * app" and hand it to the owner, who couldn't tell whose or which).
 */
async function aboutOf(path: string): Promise<string> {
  const sql = getSql();
  const user = new RegExp(`^/manage/users/${UUID}(/|$)`, "i").exec(path)?.[1];
  if (user) {
    const [row] = await sql<{ username: string }[]>`select username from users where id = ${user}`;
    return row ? ` for the account "${row.username}"` : "";
  }
  const group = new RegExp(`^/manage/users/groups/${UUID}(/|$)`, "i").exec(path)?.[1];
  if (group) {
    const [row] = await sql<{ name: string }[]>`select name from groups where id = ${group}`;
    return row ? ` for the group "${row.name}"` : "";
  }
  const app = new RegExp(`^/manage/apps/${UUID}(/|$)`, "i").exec(path)?.[1];
  if (app) {
    const [row] = await sql<{ address: string }[]>`
      select origin || case when path_prefix = '/' then '' else path_prefix end as address from protected_apps where id = ${app}`;
    return row ? ` (${row.address})` : "";
  }
  const board = /^\/boards\/([a-z0-9-]{1,64})(\/|$)/.exec(path)?.[1];
  return board ? ` on the board "${board}"` : "";
}

/** Secrets are never written back into a page: the person types them again. */
const SECRET = /password|secret|code|token|response|^porch-confirm/i;
const KEPT_MAX = 64 * 1024;

/** The refusal page's contents for the form that was refused. */
export async function confirmAsk(
  actor: SessionActor,
  request: Request,
  action: Sensitive,
  form: FormData | null,
  error?: string,
  index = false,
): Promise<ConfirmAsk> {
  const url = new URL(request.url);
  // A script's request goes to the route's data URL; the page's form posts to the route itself.
  const path = url.pathname.replace(/\.data$/, "").replace(/^\/_root$/, "/");
  const fields: [string, string][] = [];
  let size = 0;
  for (const [name, value] of form?.entries() ?? []) {
    if (typeof value !== "string" || SECRET.test(name)) continue;
    size += name.length + value.length;
    if (size > KEPT_MAX) break;
    fields.push([name, value]);
  }
  return askOf(actor, {
    what: `${action.what}${await aboutOf(path)}`,
    action: index || url.searchParams.has("index") ? `${path}?index` : path,
    page: path,
    fields,
    error,
  });
}
