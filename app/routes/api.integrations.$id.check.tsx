import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { getSql } from "~/db.server";
import { kindOf } from "~/integrations/registry.server";
import { auditActorFrom } from "~/models/audit.server";
import { recordCheck } from "~/models/integrations.server";
import { testIntegration } from "~/integrations/check.server";
import { jsonError } from "~/api/json.server";

/** GET: 405 naming POST (the route table lists POST only), rather than Remix's own answer. */
export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/api.integrations.$id.check");
  return null;
}

/** POST /api/integrations/:id/check: re-check the service now (interact). */
export async function action(args: ActionFunctionArgs) {
  const { integration } = await authorize(args, "routes/api.integrations.$id.check");
  const { request, context } = args;
  const kind = kindOf(integration.kind);
  if (!kind) return jsonError(409, `Unknown kind "${integration.kind}".`);
  const result = await testIntegration(getSql(), kind, integration, request.signal);
  await recordCheck(getSql(), auditActorFrom(context), integration.id, result);
  return Response.json(result);
}
