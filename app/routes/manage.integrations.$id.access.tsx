import { parseWithValibot } from "@conform-to/valibot";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import * as v from "valibot";
import { AccessRows, CheckUser, INTEGRATION_WORDS } from "~/components/access-rows";
import { IntegrationHeader } from "~/components/integration-tabs";
import { Notice } from "~/components/ui";
import { getSql } from "~/db.server";
import { integrationLevel } from "~/forms/integrations";
import { auditActorFrom } from "~/models/audit.server";
import { UnknownGroupError } from "~/models/resource-access.server";
import {
  explainIntegrationAccess, grantIntegrationGroup, grantIntegrationUser, listIntegrationGrants, revokeIntegrationGroup, revokeIntegrationUser,
} from "~/models/integration-access.server";
import { UnknownUserError } from "~/models/groups.server";
import { requireIntegrationAccess } from "~/permissions/integrations.server";
import { badRequest, intentOf, type IntentReply } from "~/utils/form-reply.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Access · ${data?.integration.name ?? "Integration"} · Porch` }];

const Grant = v.object({
  intent: v.picklist(["grant-user", "grant-group"]),
  username: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(64))),
  groupId: v.optional(v.pipe(v.string(), v.uuid("Choose a group"))),
  level: integrationLevel,
});
const Revoke = v.object({ intent: v.picklist(["revoke-user", "revoke-group"]), id: v.pipe(v.string(), v.uuid()) });

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { integration } = await requireIntegrationAccess(request, context, params.id, "full");
  const check = (new URL(request.url).searchParams.get("check") ?? "").trim().slice(0, 64);
  const [grants, explanation] = await Promise.all([
    listIntegrationGrants(getSql(), integration.id),
    check ? explainIntegrationAccess(getSql(), integration.id, check) : null,
  ]);
  return { integration: { id: integration.id, name: integration.name }, grants, check, explanation };
}

const fail = (intent: string, message: string) => badRequest(intent, { status: "error", error: { "": [message] } });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { integration } = await requireIntegrationAccess(request, context, params.id, "full");
  const formData = await request.formData();
  const intent = intentOf(formData);
  const sql = getSql();
  const audit = auditActorFrom(context);
  try {
    if (intent === "grant-user" || intent === "grant-group") {
      const s = parseWithValibot(formData, { schema: Grant });
      if (s.status !== "success") return fail(intent, Object.values(s.error ?? {}).flat()[0] ?? "Check the form.");
      if (intent === "grant-user") {
        if (!s.value.username) return fail(intent, "Type a username");
        await grantIntegrationUser(sql, audit, integration.id, s.value.username, s.value.level);
      } else {
        if (!s.value.groupId) return fail(intent, "Choose a group");
        await grantIntegrationGroup(sql, audit, integration.id, s.value.groupId, s.value.level);
      }
    } else if (intent === "revoke-user" || intent === "revoke-group") {
      const s = parseWithValibot(formData, { schema: Revoke });
      if (s.status !== "success") return fail(intent, "Unknown row.");
      await (intent === "revoke-user" ? revokeIntegrationUser : revokeIntegrationGroup)(sql, audit, integration.id, s.value.id);
    } else {
      return fail(intent, "Unknown action.");
    }
  } catch (error) {
    if (error instanceof UnknownUserError || error instanceof UnknownGroupError) return fail(intent, error.message);
    throw error;
  }
  return redirect(`/manage/integrations/${integration.id}/access?saved=1`);
}

export default function IntegrationAccessPage() {
  const { integration, grants, check, explanation } = useLoaderData<typeof loader>();
  const reply = useActionData<IntentReply>();
  const [params] = useSearchParams();
  const errorsOf = (kind: string) => (reply?.intent.endsWith(`-${kind}`) ? (reply.result.error?.[""] ?? undefined) : undefined);
  return (
    <div className="space-y-6">
      <IntegrationHeader integration={integration} />
      <Notice>{params.get("saved") ? "Access saved." : null}</Notice>
      <p className="text-sm text-slate-600">
        The creator always has full access; holders of integration-use-all, integration-interact-all or integration-full-all have that level on every integration.
      </p>
      <AccessRows words={INTEGRATION_WORDS} users={grants.users} groups={grants.groups} otherGroups={grants.otherGroups} errors={{ user: errorsOf("user"), group: errorsOf("group") }} />
      <CheckUser words={INTEGRATION_WORDS} query={check} explanation={explanation} />
    </div>
  );
}
