import { getFormProps } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormErrors } from "~/components/form-errors";
import { Button, formatDate, Notice, PageHeader, Section, TableBox } from "~/components/ui";
import { SecretShown, WebhookFields } from "~/components/webhook-fields";
import { canEncrypt } from "~/auth/encryption.server";
import { getConfig } from "~/config.server";
import { getSql } from "~/db.server";
import { NewWebhookSchema } from "~/forms/webhooks";
import { useValibotForm } from "~/forms/use-valibot-form";
import { auditActorFrom } from "~/models/audit.server";
import { createWebhook, listWebhooks, NEEDS_ENCRYPTION_KEY, WebhookUrlError } from "~/models/webhooks.server";
import { authorize } from "~/permissions/authorize.server";
import { takeFlash } from "~/utils/flash.server";

// Admin webhooks (issue #23 part 3, ADR 043): signed JSON to the addresses listed here, for the audit
// events each one chooses. A new webhook's signing secret is shown once, in the answer that made it.

export const meta: MetaFunction = () => [{ title: "Webhooks · Porch" }];

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/manage.webhooks._index");
  const { notice, init } = await takeFlash(args.request);
  return data({ hooks: await listWebhooks(getSql()), notice, allowed: getConfig().webhookHosts.text, keyMissing: !canEncrypt() }, init);
}

export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/manage.webhooks._index");
  const { request, context } = args;
  const submission = parseWithValibot(await request.formData(), { schema: NewWebhookSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  if (!canEncrypt()) return data({ result: submission.reply({ formErrors: [NEEDS_ENCRYPTION_KEY] }) }, { status: 400 });
  try {
    const { id, secret } = await createWebhook(getSql(), auditActorFrom(context), submission.value);
    return data({ result: submission.reply({ resetForm: true }), created: { id, name: submission.value.name, secret } });
  } catch (error) {
    if (error instanceof WebhookUrlError)
      return data({ result: submission.reply({ fieldErrors: { url: [error.message] } }) }, { status: 400 });
    throw error;
  }
}

const hostOf = (url: string) => {
  const u = new URL(url);
  return `${u.origin}${u.pathname.length > 1 ? "/…" : ""}`;
};

export default function WebhooksPage() {
  const { hooks, notice, allowed, keyMissing } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [form, fields] = useValibotForm("new-webhook", NewWebhookSchema, reply?.result);
  const created = reply && "created" in reply ? (reply.created as { id: string; name: string; secret: string }) : undefined;
  return (
    <div className="space-y-6">
      <PageHeader title="Webhooks" crumbs={[{ to: "/manage", label: "Manage" }]} />
      <Notice>{notice}</Notice>
      {created ? (
        <div className="space-y-2">
          <SecretShown secret={created.secret} name={created.name} />
          <p className="text-sm">
            <Link to={`/manage/webhooks/${created.id}`} className="text-blue-800 underline">
              Open {created.name}
            </Link>{" "}
            to send it a test message.
          </p>
        </div>
      ) : null}
      <p className="max-w-2xl text-sm text-slate-600">
        Porch POSTs signed JSON to each address for the events it chooses, retries for a day when the receiver fails, and keeps a month of
        deliveries. Addresses allowed (WEBHOOK_ALLOWED_HOSTS): <code>{allowed}</code>.
      </p>
      {hooks.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">No webhooks yet.</p>
      ) : (
        <TableBox>
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-300 text-slate-600">
              <tr>
                <th className="py-2 pr-3">Name</th>
                <th className="py-2 pr-3">Address</th>
                <th className="py-2 pr-3">Events</th>
                <th className="py-2 pr-3">State</th>
                <th className="py-2 pr-3">Last delivered</th>
              </tr>
            </thead>
            <tbody>
              {hooks.map((h) => (
                <tr key={h.id} className="border-b border-slate-200">
                  <td className="py-2 pr-3">
                    <Link to={`/manage/webhooks/${h.id}`} className="font-medium text-blue-800 underline">
                      {h.name}
                    </Link>
                  </td>
                  <td className="py-2 pr-3 break-all">{hostOf(h.url)}</td>
                  <td className="py-2 pr-3">{h.events.join(", ")}</td>
                  <td className="py-2 pr-3">
                    {h.enabled ? "On" : "Off"}
                    {h.pending ? `, ${h.pending} waiting` : ""}
                    {h.failed ? `, ${h.failed} failed` : ""}
                  </td>
                  <td className="py-2 pr-3">{h.lastDeliveredAt ? formatDate(h.lastDeliveredAt) : "Never"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      )}
      <Section title="New webhook">
        {keyMissing ? <p className="text-sm text-red-700">{NEEDS_ENCRYPTION_KEY_TEXT}</p> : null}
        <Form method="post" {...getFormProps(form)} className="max-w-xl space-y-4">
          <FormErrors errors={form.errors} id={form.errorId} />
          <WebhookFields fields={fields} events={[]} />
          <Button>Add webhook</Button>
        </Form>
      </Section>
    </div>
  );
}

const NEEDS_ENCRYPTION_KEY_TEXT = "Webhooks need SECRET_ENCRYPTION_KEY, which keeps their signing secrets.";
