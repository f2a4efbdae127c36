import { parseWithValibot } from "@conform-to/valibot";
import { authorize } from "~/permissions/authorize.server";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { IntegrationForm } from "~/components/integration-form";
import { PageHeader } from "~/components/ui";
import { canEncrypt } from "~/auth/encryption.server";
import { getSql } from "~/db.server";
import { IntegrationSchema } from "~/forms/integrations";
import { secretsFromForm } from "~/integrations/form.server";
import { KINDS, kindInfo, kindOf } from "~/integrations/registry.server";
import { auditActorFrom } from "~/models/audit.server";
import { createIntegration, IntegrationNameTakenError } from "~/models/integrations.server";
import { redirectWithFlash } from "~/utils/flash.server";

export const meta: MetaFunction = () => [{ title: "New integration · Porch" }];

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/manage.integrations.new");
  const { request } = args;
  const kind = kindOf(new URL(request.url).searchParams.get("kind") ?? "");
  return { kinds: KINDS.map(kindInfo), kind: kind ? kindInfo(kind) : null, canEncrypt: canEncrypt() };
}

export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/manage.integrations.new");
  const { request, context } = args;
  const kind = kindOf(new URL(request.url).searchParams.get("kind") ?? "");
  if (!kind) return data({ status: "error" as const, error: { "": ["Choose a kind first."] } }, { status: 400 });
  const submission = parseWithValibot(await request.formData(), { schema: IntegrationSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["secret"] }), { status: 400 });
  const secrets = secretsFromForm(kind, submission.value);
  if (Object.values(secrets).some((s) => s !== null) && !canEncrypt()) {
    return data(submission.reply({ formErrors: ["SECRET_ENCRYPTION_KEY isn't set on this server, so secrets can't be stored."] }), {
      status: 400,
    });
  }
  try {
    const id = await createIntegration(getSql(), auditActorFrom(context), kind.id, {
      name: submission.value.name,
      url: submission.value.url,
      secrets,
    });
    return redirectWithFlash(`/manage/integrations/${id}`, "integration-created");
  } catch (error) {
    if (error instanceof IntegrationNameTakenError)
      return data(submission.reply({ fieldErrors: { name: [error.message] }, hideFields: ["secret"] }), { status: 400 });
    throw error;
  }
}

export default function NewIntegrationPage() {
  const { kinds, kind } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="space-y-4">
      <PageHeader
        title={kind ? `New ${kind.label} integration` : "New integration"}
        crumbs={[{ to: "/manage/integrations", label: "Integrations" }]}
      />
      {kind ? (
        <>
          <p className="text-sm text-slate-600">
            {kind.description}{" "}
            <Link to="?" className="underline">
              Choose another kind
            </Link>
          </p>
          <IntegrationForm kind={kind} secretsSet={{}} lastResult={lastResult as never} submitLabel="Create integration" />
        </>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2">
          {kinds.map((k) => (
            <li key={k.id}>
              <Link to={`?kind=${k.id}`} className="block rounded border border-slate-200 bg-white p-4 hover:border-slate-400">
                <span className="block font-medium">{k.label}</span>
                <span className="block text-sm text-slate-600">{k.description}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
