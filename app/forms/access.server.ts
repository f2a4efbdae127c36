// The Access tab's action, for boards and integrations alike: add or change a user's or a group's
// row, or remove one; each outcome is a redirect back or a message beside the form.
import { parseWithValibot } from "@conform-to/valibot";
import { ManagedByFileError } from "~/models/managed.server";
import type { AppLoadContext } from "@remix-run/node";
import { getSql, type Sql } from "~/db.server";
import { accessSchemas } from "./access";
import { redirectWithFlash } from "~/utils/flash.server";
import { formError, handlerFor, intentOf } from "~/utils/form-reply.server";
import { auditActorFrom, type AuditActor } from "~/models/audit.server";
import { UnknownUserError } from "~/models/groups.server";
import { askerOf, UnknownGroupError, type ResourceRows } from "~/models/resource-rows.server";

/**
 * What an Access tab shows: the rows, Check a user's answer for `?check=`, and how much the asker may
 * see (administrators everything, anyone else the resource's own picture).
 */
export async function loadAccessTab<T = null>(
  request: Request,
  context: AppLoadContext,
  resourceId: string,
  rows: Pick<ResourceRows<string>, "listGrants" | "explainAccess">,
  /** What else Check a user tells about the person checked (a board: the items they see). */
  alsoFor?: (checked: { userId: string; level: string | null }) => Promise<T>,
) {
  const check = (new URL(request.url).searchParams.get("check") ?? "").trim().slice(0, 64);
  const asker = askerOf(context.actor);
  const [grants, found] = await Promise.all([
    rows.listGrants(getSql(), resourceId, asker),
    check ? rows.explainAccess(getSql(), resourceId, check, asker) : null,
  ]);
  const also = found && alsoFor ? await alsoFor(found) : null;
  const explanation = found && (({ userId: _, ...shown }) => shown)(found);
  return { grants, check, explanation, also, scope: asker.admin ? ("all" as const) : ("resource" as const) };
}

export async function handleAccessForm<L extends string>(
  request: Request,
  context: AppLoadContext,
  options: { rows: ResourceRows<L>; levels: readonly [L, ...L[]]; resourceId: string; back: string },
) {
  const formData = await request.formData();
  const intent = intentOf(formData);
  const handle = handlerFor(ACCESS_FORMS, intent);
  if (!handle) return formError(intent, "Unknown action.");
  const form = { ...options, context, formData, intent, sql: getSql(), audit: auditActorFrom(context) };
  try {
    return (await handle(form)) ?? (await redirectWithFlash(options.back, "access-saved"));
  } catch (error) {
    if (error instanceof UnknownUserError || error instanceof UnknownGroupError || error instanceof ManagedByFileError)
      return formError(intent, error.message);
    throw error;
  }
}

/** What each form of the tab is handled with: the form, and the resource's rows. Nothing back means saved. */
interface AccessForm<L extends string> {
  rows: ResourceRows<L>;
  levels: readonly [L, ...L[]];
  resourceId: string;
  context: AppLoadContext;
  formData: FormData;
  intent: string;
  sql: Sql;
  audit: AuditActor;
}

const firstError = (error: Record<string, string[] | null> | null | undefined) => Object.values(error ?? {}).flat()[0] ?? "Check the form.";

async function grantUser<L extends string>({ rows, levels, resourceId, context, formData, intent, sql, audit }: AccessForm<L>) {
  const s = parseWithValibot(formData, { schema: accessSchemas(levels).grantUser });
  if (s.status !== "success") return formError(intent, firstError(s.error));
  await rows.grantUser(sql, audit, resourceId, s.value.username, s.value.level, askerOf(context.actor));
}

async function grantGroup<L extends string>({ rows, levels, resourceId, context, formData, intent, sql, audit }: AccessForm<L>) {
  const s = parseWithValibot(formData, { schema: accessSchemas(levels).grantGroup });
  if (s.status !== "success") return formError(intent, firstError(s.error));
  await rows.grantGroup(sql, audit, resourceId, s.value.groupId, s.value.level, askerOf(context.actor));
}

async function revoke<L extends string>({ rows, levels, resourceId, formData, intent, sql, audit }: AccessForm<L>) {
  const s = parseWithValibot(formData, { schema: accessSchemas(levels).revoke });
  if (s.status !== "success") return formError(intent, "Unknown row.");
  await (intent === "revoke-user" ? rows.revokeUser : rows.revokeGroup)(sql, audit, resourceId, s.value.id);
}

const ACCESS_FORMS = { "grant-user": grantUser, "grant-group": grantGroup, "revoke-user": revoke, "revoke-group": revoke };
