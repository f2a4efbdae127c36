import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { canEncrypt } from "~/auth/encryption.server";
import { integrationJson } from "~/api/integrations.server";
import { getSql } from "~/db.server";
import { ApiPatchIntegrationSchema } from "~/forms/integrations";
import { secretsFromJson } from "~/integrations/form.server";
import { kindOf } from "~/integrations/registry.server";
import { auditActorFrom } from "~/models/audit.server";
import { deleteIntegration, IntegrationNameTakenError, secretStatus, updateIntegration } from "~/models/integrations.server";
import { jsonError, readJson } from "~/api/json.server";
import { loadIntegrationFacts } from "~/permissions/integrations.server";

/** GET /api/integrations/:id (use). */
export async function loader(args: LoaderFunctionArgs) {
  const { integration, level } = await authorize(args, "routes/api.integrations.$id");
  return Response.json(integrationJson(integration, level, await secretStatus(getSql(), integration)));
}

/** PATCH name, url, secrets (null clears one; another URL drops those not typed again) and DELETE (which removes its widgets): full. */
export async function action(args: ActionFunctionArgs) {
  const { integration, level, subject } = await authorize(args, "routes/api.integrations.$id");
  const { request, context } = args;
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
  const [after] = await loadIntegrationFacts(getSql(), [integration.id], subject.userId);
  // Secrets stay with the URL they were entered for: say which ones a change of URL dropped.
  return Response.json({ ...integrationJson(after, level, await secretStatus(getSql(), after)), secretsCleared });
}
