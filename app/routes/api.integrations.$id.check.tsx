import type { ActionFunctionArgs } from "@remix-run/node";
import { getSql } from "~/db.server";
import { kindOf } from "~/integrations/registry.server";
import { auditActorFrom } from "~/models/audit.server";
import { recordCheck } from "~/models/integrations.server";
import { testIntegration } from "~/integrations/check.server";
import { methodNotAllowed, requireApiUser } from "~/permissions/api-guard.server";
import { jsonError } from "~/permissions/api-guard.server";
import { requireIntegrationAccess } from "~/permissions/integrations.server";

export async function loader({ context }: { context: import("@remix-run/node").AppLoadContext }) {
  requireApiUser(context);
  return methodNotAllowed(["POST"]);
}

/** POST /api/integrations/:id/check: re-check the service now (interact). */
export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== "POST") throw methodNotAllowed(["POST"]);
  requireApiUser(context);
  const { integration } = await requireIntegrationAccess(request, context, params.id, "interact", { api: true });
  const kind = kindOf(integration.kind);
  if (!kind) return jsonError(409, `Unknown kind "${integration.kind}".`);
  const result = await testIntegration(getSql(), kind, integration, request.signal);
  await recordCheck(getSql(), auditActorFrom(context), integration.id, result);
  return Response.json(result);
}
