import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { canEncrypt } from "~/auth/encryption.server";
import { integrationJson } from "~/api/integrations.server";
import { getSql } from "~/db.server";
import { ApiNewIntegrationSchema } from "~/forms/integrations";
import { secretsFromJson } from "~/integrations/form.server";
import { KIND_IDS, kindOf } from "~/integrations/registry.server";
import { auditActorFrom } from "~/models/audit.server";
import { createIntegration, IntegrationNameTakenError, secretStatus } from "~/models/integrations.server";
import { jsonError, readJson } from "~/api/json.server";
import { integrationLevelOfRank } from "~/permissions/integrations";
import { listVisibleIntegrations, loadIntegrationFacts } from "~/permissions/integrations.server";
import { countParam } from "~/utils/query-values";

/** GET /api/integrations: the ones you may use, by name; `?limit=&after=` pages. */
export async function loader(args: LoaderFunctionArgs) {
  const { subject } = await authorize(args, "routes/api.integrations._index");
  const { request } = args;
  const params = new URL(request.url).searchParams;
  const limit = countParam(params, "limit", 100, 500);
  const { integrations } = await listVisibleIntegrations(getSql(), subject, {
    limit,
    after: params.get("after")?.slice(0, 100) || undefined,
  });
  return Response.json(
    integrations.map((i) => ({ id: i.id, name: i.name, kind: i.kind, url: i.url, access: integrationLevelOfRank(i.rank) })),
  );
}

/** POST /api/integrations (integration-create): secrets are write-only. */
export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/api.integrations._index");
  const { request, context } = args;
  const input = await readJson(request, ApiNewIntegrationSchema);
  const kind = kindOf(input.kind);
  if (!kind) return jsonError(400, `kind: use one of ${KIND_IDS.join(", ")}`);
  const { secrets, unknown } = secretsFromJson(kind, input.secrets);
  if (unknown.length)
    return jsonError(400, `secrets: ${kind.id} has no ${unknown.join(", ")} (it has ${kind.secrets.map((s) => s.field).join(", ")})`);
  if (Object.keys(secrets).length && !canEncrypt())
    return jsonError(409, "SECRET_ENCRYPTION_KEY isn't set on this server, so secrets can't be stored.");
  try {
    const id = await createIntegration(getSql(), auditActorFrom(context), kind.id, { name: input.name, url: input.url, secrets });
    const [record] = await loadIntegrationFacts(getSql(), [id], null);
    return Response.json(integrationJson(record, "full", await secretStatus(getSql(), record)), {
      status: 201,
      headers: { Location: `/api/integrations/${id}` },
    });
  } catch (error) {
    if (error instanceof IntegrationNameTakenError) return jsonError(409, error.message);
    throw error;
  }
}
