import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { managedNote } from "~/models/managed.server";
import { authorize } from "~/permissions/authorize.server";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AccessTab, INTEGRATION_WORDS } from "~/components/access-rows";
import { IntegrationHeader } from "~/components/integration-tabs";
import { Notice } from "~/components/ui";
import { handleAccessForm, loadAccessTab } from "~/forms/access.server";
import { integrationRows } from "~/models/integration-rows.server";
import { INTEGRATION_LEVELS } from "~/permissions/integrations";
import { takeFlash } from "~/utils/flash.server";
import type { IntentReply } from "~/utils/form-reply.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Access · ${data?.integration.name ?? "Integration"} · Porch` }];

export async function loader(args: LoaderFunctionArgs) {
  const { integration } = await authorize(args, "routes/manage.integrations.$id.access");
  const { request, context } = args;
  const tab = await loadAccessTab(request, context, integration.id, integrationRows);
  const { notice, init } = await takeFlash(request);
  return data(
    {
      integration: { id: integration.id, name: integration.name },
      note: integration.managed ? managedNote(`The integration ${integration.name}'s access`) : null,
      ...tab,
      notice,
    },
    init,
  );
}

export async function action(args: ActionFunctionArgs) {
  const { integration } = await authorize(args, "routes/manage.integrations.$id.access");
  const { request, context } = args;
  return handleAccessForm(request, context, {
    rows: integrationRows,
    levels: INTEGRATION_LEVELS,
    resourceId: integration.id,
    back: `/manage/integrations/${integration.id}/access`,
  });
}

export default function IntegrationAccessPage() {
  const { integration, note, grants, check, explanation, scope, notice } = useLoaderData<typeof loader>();
  const reply = useActionData<IntentReply>();
  return (
    <div className="space-y-6">
      <IntegrationHeader integration={integration} />
      <Notice>{notice}</Notice>
      {note ? (
        <p className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="managed-note">
          {note}
        </p>
      ) : null}
      <p className="text-sm text-slate-600">
        The creator always has full access; holders of integration-use-all, integration-interact-all or integration-full-all have that level
        on every integration.
      </p>
      <AccessTab words={INTEGRATION_WORDS} tab={{ grants, check, explanation, scope }} reply={reply} />
    </div>
  );
}
