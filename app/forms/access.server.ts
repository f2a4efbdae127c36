// The Access tab's action, for boards and integrations alike: add or change a user's or a group's
// row, or remove one; each outcome is a redirect back or a message beside the form.
import { parseWithValibot } from "@conform-to/valibot";
import { redirect, type AppLoadContext } from "@remix-run/node";
import { getSql } from "~/db.server";
import { accessSchemas } from "./access";
import { badRequest, intentOf } from "~/utils/form-reply.server";
import { auditActorFrom } from "~/models/audit.server";
import { UnknownUserError } from "~/models/groups.server";
import { askerOf, UnknownGroupError, type ResourceAccess } from "~/models/resource-access.server";

const fail = (intent: string, message: string) => badRequest(intent, { status: "error", error: { "": [message] } });

export async function handleAccessForm<L extends string>(
  request: Request,
  context: AppLoadContext,
  options: { rows: ResourceAccess<L>; levels: readonly [L, ...L[]]; resourceId: string; back: string },
) {
  const formData = await request.formData();
  const intent = intentOf(formData);
  const schemas = accessSchemas(options.levels);
  const { rows, resourceId } = options;
  const sql = getSql();
  const audit = auditActorFrom(context);
  const firstError = (error: Record<string, string[] | null> | null | undefined) =>
    Object.values(error ?? {}).flat()[0] ?? "Check the form.";
  try {
    if (intent === "grant-user") {
      const s = parseWithValibot(formData, { schema: schemas.grantUser });
      if (s.status !== "success") return fail(intent, firstError(s.error));
      await rows.grantUser(sql, audit, resourceId, s.value.username, s.value.level);
    } else if (intent === "grant-group") {
      const s = parseWithValibot(formData, { schema: schemas.grantGroup });
      if (s.status !== "success") return fail(intent, firstError(s.error));
      await rows.grantGroup(sql, audit, resourceId, s.value.groupId, s.value.level, askerOf(context.actor));
    } else if (intent === "revoke-user" || intent === "revoke-group") {
      const s = parseWithValibot(formData, { schema: schemas.revoke });
      if (s.status !== "success") return fail(intent, "Unknown row.");
      await (intent === "revoke-user" ? rows.revokeUser : rows.revokeGroup)(sql, audit, resourceId, s.value.id);
    } else {
      return fail(intent, "Unknown action.");
    }
  } catch (error) {
    if (error instanceof UnknownUserError || error instanceof UnknownGroupError) return fail(intent, error.message);
    throw error;
  }
  return redirect(`${options.back}?saved=1`);
}
