// The create and revoke forms shared by My account → API keys and Manage → API keys.
import { parseWithValibot } from "@conform-to/valibot";
import type { AppLoadContext } from "@remix-run/node";
import { data } from "@remix-run/node";
import { validatedSessionId } from "~/auth/actor.server";
import { getSql } from "~/db.server";
import { CreateApiKeySchema, RevokeApiKeySchema } from "./api-keys";
import type { SignedInActor } from "~/auth/actor.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, formError, handlerFor, intentOf } from "~/utils/form-reply.server";
import { createApiKey, revokeApiKey, SessionEndedError } from "~/models/api-keys.server";
import { auditActorFrom, type AuditActor } from "~/models/audit.server";
import type { PermissionKey } from "~/permissions/definitions";

/** The latest expiry a key may have when it isn't "never": five years. */
/**
 * A key chosen to expire on `day` (YYYY-MM-DD, UTC) works until that day's end: today at the earliest,
 * the same date five years on at the latest. A day that doesn't exist (2027-02-30) is refused, not
 * rolled into March (attack8).
 */
export function keyExpiry(day: string, now = new Date()): { at: Date } | { error: string } {
  const [y, m, d] = day.split("-").map(Number);
  const at = new Date(Date.UTC(y, m - 1, d, 23, 59, 59, 999));
  if (at.getUTCFullYear() !== y || at.getUTCMonth() !== m - 1 || at.getUTCDate() !== d) return { error: `There is no ${day}` };
  const today = now.toISOString().slice(0, 10);
  const latest = new Date(Date.UTC(now.getUTCFullYear() + 5, now.getUTCMonth(), now.getUTCDate())).toISOString().slice(0, 10);
  if (day < today) return { error: "Choose today or a later date" };
  if (day > latest) return { error: `At most five years from now (${latest})` };
  return { at };
}

export async function handleApiKeyForm(
  request: Request,
  context: AppLoadContext,
  actor: SignedInActor,
  scope: "own" | "all",
  back: string,
) {
  return handleApiKeyFormData(await request.formData(), context, actor, scope, back);
}

/** The same forms, read already; `owner`: a service account's keys, on its page (ADR 040). */
export async function handleApiKeyFormData(
  formData: FormData,
  context: AppLoadContext,
  actor: SignedInActor,
  scope: "own" | "all" | "service",
  back: string,
  owner?: KeyOwner,
) {
  const intent = intentOf(formData);
  const handle = handlerFor(API_KEY_FORMS, intent);
  if (!handle) return formError(intent, "Unknown action.");
  return handle({ formData, intent, actor, scope, back, owner, audit: auditActorFrom(context) });
}

/** Whose keys a form makes and revokes when not the asker's own: a service account, with what it holds. */
export interface KeyOwner {
  id: string;
  name: string;
  permissions: ReadonlySet<PermissionKey>;
}

/** What each form is handled with: the form, whose keys (`own`: the asker's; `all`: an administrator's page), and where it lives. */
interface ApiKeyForm {
  formData: FormData;
  intent: string;
  actor: SignedInActor;
  scope: "own" | "all" | "service";
  back: string;
  owner?: KeyOwner;
  audit: AuditActor;
}

async function revokeKey({ formData, intent, actor, scope, back, owner, audit }: ApiKeyForm) {
  const s = parseWithValibot(formData, { schema: RevokeApiKeySchema });
  if (s.status !== "success") return badRequest(intent, s.reply());
  const only = scope === "own" ? actor.user.id : scope === "service" ? owner!.id : undefined;
  const done = await revokeApiKey(getSql(), audit, s.value.keyId, only);
  if (!done) return badRequest(intent, s.reply({ formErrors: ["That key is already revoked or isn't yours."] }));
  return redirectWithFlash(back, "key-revoked");
}

/** A key holds at most what its maker holds, and expires within five years unless an administrator says never. */
async function createKey({ formData, intent, actor, owner, audit }: ApiKeyForm) {
  const s = parseWithValibot(formData, { schema: CreateApiKeySchema });
  if (s.status !== "success") return badRequest(intent, s.reply());
  const { description, expiresOn, never, permissions, actAsOwner } = s.value;
  const isAdmin = actor.permissions.has("admin");
  const fieldErrors: Record<string, string[]> = {};
  // A key has at most what its owner holds: the asker's own, or the service account's it is made for.
  const holds = owner?.permissions ?? actor.permissions;
  const extra = permissions.filter((p) => !holds.has(p));
  if (extra.length)
    fieldErrors.permissions = [
      owner
        ? `${owner.name} doesn't hold ${extra.join(", ")}: give it the permission (or a group with it) first.`
        : `You don't hold ${extra.join(", ")}: a key can't have more than you.`,
    ];
  let expiresAt: Date | null = null;
  if (never) {
    if (!isAdmin) fieldErrors.never = ["Only administrators can create keys that never expire."];
  } else if (!expiresOn) {
    fieldErrors.expiresOn = ["Choose when the key expires"];
  } else {
    const expiry = keyExpiry(expiresOn);
    if ("error" in expiry) fieldErrors.expiresOn = [expiry.error];
    else expiresAt = expiry.at;
  }
  if (Object.keys(fieldErrors).length) return badRequest(intent, s.reply({ fieldErrors }));
  let created: { id: string; token: string };
  try {
    created = await createApiKey(getSql(), audit, {
      userId: owner?.id ?? actor.user.id,
      description,
      permissions,
      actAsOwner,
      expiresAt,
      // The session that asks must still be the owner's own; a service account has none.
      sessionId: owner ? null : validatedSessionId(actor),
    });
  } catch (error) {
    if (!(error instanceof SessionEndedError)) throw error;
    return data({ intent, result: s.reply({ formErrors: [error.message] }) }, { status: 401 });
  }
  // Shown once, in this response only: never stored in plain, never in a redirect URL.
  return data(
    { intent, result: s.reply({ resetForm: true }), created: { ...created, description } },
    { headers: { "Cache-Control": "no-store" } },
  );
}

const API_KEY_FORMS = { revoke: revokeKey, create: createKey };
