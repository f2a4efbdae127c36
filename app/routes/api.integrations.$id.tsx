import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { canEncrypt } from "~/auth/encryption.server";
import { integrationJson } from "~/api/integrations.server";
import { getSql } from "~/db.server";
import { ApiPatchIntegrationSchema } from "~/forms/integrations";
import { secretsFromJson } from "~/integrations/form.server";
import { kindOf } from "~/integrations/registry.server";
import { auditActorFrom } from "~/models/audit.server";
import { deleteIntegration, IntegrationNameTakenError, secretStatus, updateIntegration } from "~/models/integrations.server";
import { methodNotAllowed, readJson, requireApiUser } from "~/permissions/api-guard.server";
import { jsonError } from "~/permissions/api-guard.server";
import { requireIntegrationAccess } from "~/permissions/integrations.server";

/** GET /api/integrations/:id (use). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requireApiUser(context);
  const { integration, level } = await requireIntegrationAccess(request, context, params.id, "use", { api: true });
  return Response.json(integrationJson(integration, level, await secretStatus(getSql(), integration)));
}

/** PATCH name, url, secrets (null clears one; a URL on another origin drops those not typed again) and DELETE (which removes its widgets): full. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== "PATCH" && request.method !== "DELETE") throw methodNotAllowed(["GET", "PATCH", "DELETE"]);
  requireApiUser(context);
  const { integration } = await requireIntegrationAccess(request, context, params.id, "full", { api: true });
  const audit = auditActorFrom(context);
  if (request.method === "DELETE") {
    await deleteIntegration(getSql(), audit, integration);
    return new Response(null, { status: 204 });
  }
  const patch = await readJson(request, ApiPatchIntegrationSchema);
  const kind = kindOf(integration.kind);
  const { secrets, unknown } = kind
    ? secretsFromJson(kind, patch.secrets ?? {})
    : { secrets: {}, unknown: Object.keys(patch.secrets ?? {}) };
  if (unknown.length) return jsonError(400, `secrets: this integration has no ${unknown.join(", ")}`);
  if (Object.values(secrets).some((s) => s !== null) && !canEncrypt())
    return jsonError(409, "SECRET_ENCRYPTION_KEY isn't set on this server, so secrets can't be stored.");
  let secretsCleared: string[];
  try {
    ({ secretsCleared } = await updateIntegration(getSql(), audit, integration.id, {
      name: patch.name ?? integration.name,
      url: patch.url ?? integration.url,
      secrets,
    }));
  } catch (error) {
    if (error instanceof IntegrationNameTakenError) return jsonError(409, error.message);
    throw error;
  }
  const { integration: after, level } = await requireIntegrationAccess(request, context, params.id, "full", { api: true });
  // Secrets stay with the origin they were entered for: say which ones a move to another origin dropped.
  return Response.json({ ...integrationJson(after, level, await secretStatus(getSql(), after)), secretsCleared });
}
