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
import { DAY } from "~/utils/time";
import { createApiKey, revokeApiKey, SessionEndedError } from "~/models/api-keys.server";
import { auditActorFrom, type AuditActor } from "~/models/audit.server";

/** The latest expiry a key may have when it isn't "never": five years. */
const MAX_EXPIRY_MS = 5 * 365 * DAY;

export async function handleApiKeyForm(
  request: Request,
  context: AppLoadContext,
  actor: SignedInActor,
  scope: "own" | "all",
  back: string,
) {
  const formData = await request.formData();
  const intent = intentOf(formData);
  const handle = handlerFor(API_KEY_FORMS, intent);
  if (!handle) return formError(intent, "Unknown action.");
  return handle({ formData, intent, actor, scope, back, audit: auditActorFrom(context) });
}

/** What each form is handled with: the form, whose keys (`own`: the asker's; `all`: an administrator's page), and where it lives. */
interface ApiKeyForm {
  formData: FormData;
  intent: string;
  actor: SignedInActor;
  scope: "own" | "all";
  back: string;
  audit: AuditActor;
}

async function revokeKey({ formData, intent, actor, scope, back, audit }: ApiKeyForm) {
  const s = parseWithValibot(formData, { schema: RevokeApiKeySchema });
  if (s.status !== "success") return badRequest(intent, s.reply());
  const done = await revokeApiKey(getSql(), audit, s.value.keyId, scope === "own" ? actor.user.id : undefined);
  if (!done) return badRequest(intent, s.reply({ formErrors: ["That key is already revoked or isn't yours."] }));
  return redirectWithFlash(back, "key-revoked");
}

/** A key holds at most what its maker holds, and expires within five years unless an administrator says never. */
async function createKey({ formData, intent, actor, audit }: ApiKeyForm) {
  const s = parseWithValibot(formData, { schema: CreateApiKeySchema });
  if (s.status !== "success") return badRequest(intent, s.reply());
  const { description, expiresOn, never, permissions, actAsOwner } = s.value;
  const isAdmin = actor.permissions.has("admin");
  const fieldErrors: Record<string, string[]> = {};
  const extra = permissions.filter((p) => !actor.permissions.has(p));
  if (extra.length) fieldErrors.permissions = [`You don't hold ${extra.join(", ")}: a key can't have more than you.`];
  let expiresAt: Date | null = null;
  if (never) {
    if (!isAdmin) fieldErrors.never = ["Only administrators can create keys that never expire."];
  } else if (!expiresOn) {
    fieldErrors.expiresOn = ["Choose when the key expires"];
  } else {
    expiresAt = new Date(`${expiresOn}T23:59:59.999Z`);
    if (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= Date.now()) fieldErrors.expiresOn = ["Choose a date after today"];
    else if (expiresAt.getTime() - Date.now() > MAX_EXPIRY_MS) fieldErrors.expiresOn = ["At most five years from now"];
  }
  if (Object.keys(fieldErrors).length) return badRequest(intent, s.reply({ fieldErrors }));
  let created: { id: string; token: string };
  try {
    created = await createApiKey(getSql(), audit, {
      userId: actor.user.id,
      description,
      permissions,
      actAsOwner,
      expiresAt,
      sessionId: validatedSessionId(actor),
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
