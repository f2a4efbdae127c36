import { parseWithValibot } from "@conform-to/valibot";
import type { ReactNode } from "react";
import { managedNote } from "~/models/managed.server";
import { authorize } from "~/permissions/authorize.server";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { canEncrypt } from "~/auth/encryption.server";
import { ConfirmDelete } from "~/components/confirm-delete";
import { IntegrationForm } from "~/components/integration-form";
import { IntegrationHeader } from "~/components/integration-tabs";
import { Button, Notice, Section } from "~/components/ui";
import { getSql } from "~/db.server";
import { IntegrationSchema } from "~/forms/integrations";
import { secretsFromForm } from "~/integrations/form.server";
import type { CheckResult, IntegrationKind } from "~/integrations/kind";
import { kindInfo, kindOf } from "~/integrations/registry.server";
import { auditActorFrom, type AuditActor } from "~/models/audit.server";
import { deleteIntegration, IntegrationNameTakenError, secretStatus, updateIntegration } from "~/models/integrations.server";
import { testIntegration } from "~/integrations/check.server";
import { redirectWithFlash, takeFlash } from "~/utils/flash.server";
import { badRequest, handlerFor, intentOf, type IntentReply } from "~/utils/form-reply.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.integration.name ?? "Integration"} · Porch` }];

export async function loader(args: LoaderFunctionArgs) {
  const { integration } = await authorize(args, "routes/manage.integrations.$id._index");
  const { request } = args;
  const kind = kindOf(integration.kind);
  if (!kind) throw new Response(`This integration's kind "${integration.kind}" is unknown to this version of Porch.`, { status: 409 });
  const { notice, code, init } = await takeFlash(request);
  return data(
    {
      integration: { id: integration.id, name: integration.name, url: integration.url, kind: kind.label },
      managed: integration.managed,
      note: integration.managed ? managedNote(`The integration ${integration.name} (its address, secrets and access)`) : null,
      kind: kindInfo(kind),
      secretsSet: await secretStatus(getSql(), integration),
      confirming: new URL(request.url).searchParams.get("confirm") === "delete",
      notice,
      moved: code === "integration-moved",
    },
    init,
  );
}

export async function action(args: ActionFunctionArgs) {
  const { integration } = await authorize(args, "routes/manage.integrations.$id._index");
  const { request, context } = args;
  const kind = kindOf(integration.kind);
  if (!kind) return badRequest("", { status: "error", error: { "": ["Unknown kind."] } });
  const formData = await request.formData();
  // Any other intent is a save, whose schema then refuses it.
  const handle = handlerFor(INTEGRATION_FORMS, intentOf(formData)) ?? saveSettings;
  return handle({ request, formData, integration, kind, audit: auditActorFrom(context) });
}

/** What each form is handled with: the form, and the integration with its kind. */
interface IntegrationPageForm {
  request: Request;
  formData: FormData;
  integration: { id: string; name: string; url: string };
  kind: IntegrationKind;
  audit: AuditActor;
}

/** The real outcome, now: status and time, or exactly what went wrong. */
async function testConnection({ request, integration, kind }: IntegrationPageForm) {
  const result: CheckResult = await testIntegration(getSql(), kind, integration, request.signal);
  return { intent: "test", tested: result };
}

async function deleteTheIntegration({ integration, audit }: IntegrationPageForm) {
  const widgets = await deleteIntegration(getSql(), audit, integration);
  return redirectWithFlash("/manage/integrations", "integration-deleted", widgets);
}

async function saveSettings({ formData, integration, kind, audit }: IntegrationPageForm) {
  const s = parseWithValibot(formData, { schema: IntegrationSchema });
  if (s.status !== "success") return badRequest("save", s.reply({ hideFields: ["secret"] }));
  const secrets = secretsFromForm(kind, s.value);
  if (Object.values(secrets).some((v) => v !== null) && !canEncrypt()) {
    return badRequest(
      "save",
      s.reply({ formErrors: ["SECRET_ENCRYPTION_KEY isn't set on this server, so secrets can't be stored."], hideFields: ["secret"] }),
    );
  }
  let secretsCleared: string[];
  try {
    ({ secretsCleared } = await updateIntegration(getSql(), audit, integration.id, { name: s.value.name, url: s.value.url, secrets }));
  } catch (error) {
    if (error instanceof IntegrationNameTakenError)
      return badRequest("save", s.reply({ fieldErrors: { name: [error.message] }, hideFields: ["secret"] }));
    throw error;
  }
  return redirectWithFlash(`/manage/integrations/${integration.id}`, secretsCleared.length ? "integration-moved" : "integration-saved");
}

const INTEGRATION_FORMS = { test: testConnection, delete: deleteTheIntegration, save: saveSettings };

export default function IntegrationPage() {
  const { integration, managed, note, kind, secretsSet, confirming, notice, moved } = useLoaderData<typeof loader>();
  const reply = useActionData<(IntentReply & { tested?: undefined }) | { intent: "test"; tested: CheckResult }>();
  const tested = reply && "tested" in reply ? reply.tested : undefined;
  return (
    <div className="space-y-6">
      <IntegrationHeader integration={integration} />
      <Notice>{notice}</Notice>
      {note ? (
        <p className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="managed-note">
          {note}
        </p>
      ) : null}
      <Locked on={managed}>
        <Section title={`Settings · ${integration.kind}`}>
          <IntegrationForm
            key={JSON.stringify(secretsSet)}
            kind={kind}
            integration={integration}
            secretsSet={secretsSet}
            moved={moved}
            lastResult={
              reply && !("tested" in reply && reply.tested) && reply.intent === "save" ? (reply as IntentReply).result : undefined
            }
            submitLabel="Save"
          />
        </Section>
      </Locked>
      <Section title="Test connection">
        <Form method="post" className="flex items-center gap-3">
          <input type="hidden" name="intent" value="test" />
          <Button variant="secondary">Test connection</Button>
          {tested ? (
            <p role="status" data-testid="test-result" className={`text-sm ${tested.ok ? "text-emerald-800" : "text-red-800"}`}>
              {tested.ok ? "Works" : "Failed"}: {tested.message} ({tested.ms} ms)
            </p>
          ) : null}
        </Form>
      </Section>
      {managed ? null : (
        <ConfirmDelete
          what="integration"
          name={integration.name}
          confirming={confirming}
          lastResult={undefined}
          question={
            <>
              Delete <strong>{integration.name}</strong>? Its widgets disappear from every board, and its secrets are erased.
            </>
          }
        />
      )}
    </div>
  );
}

/** What the provisioning file keeps: shown, not usable (the models refuse it anyway); no wrapper otherwise. */
function Locked({ on, children }: { on: boolean; children: ReactNode }) {
  return on ? (
    <fieldset disabled className="contents">
      {children}
    </fieldset>
  ) : (
    <>{children}</>
  );
}
