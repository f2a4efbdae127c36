import { getFormProps } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ConfirmDelete } from "~/components/confirm-delete";
import { FormErrors } from "~/components/form-errors";
import { Button, formatDate, Notice, PageHeader, Section, TableBox } from "~/components/ui";
import { SecretShown, WebhookFields } from "~/components/webhook-fields";
import { getSql } from "~/db.server";
import { WebhookSchema } from "~/forms/webhooks";
import { useValibotForm } from "~/forms/use-valibot-form";
import { auditActorFrom } from "~/models/audit.server";
import { sendTestMessage } from "~/models/webhook-delivery.server";
import { deleteWebhook, getWebhook, replaceWebhookSecret, retryDelivery, updateWebhook, WebhookUrlError } from "~/models/webhooks.server";
import { authorize } from "~/permissions/authorize.server";
import { Refusal } from "~/permissions/refusal.server";
import { redirectWithFlash, takeFlash } from "~/utils/flash.server";
import { intentOf } from "~/utils/form-reply.server";

// One webhook (ADR 043): its address and events, a test message, a new secret, and the delivery log
// (each message, its attempts, the receiver's last answer), where a message given up can be sent again.

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.hook.name ?? "Webhook"} · Porch` }];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function load(id: string | undefined) {
  const hook = id && UUID.test(id) ? await getWebhook(getSql(), id) : null;
  if (!hook) throw new Refusal("not-found", { page: "Not Found", api: "No such webhook." });
  return hook;
}

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/manage.webhooks.$id");
  const hook = await load(args.params.id);
  const { notice, init } = await takeFlash(args.request);
  return data({ hook, notice }, init);
}

export async function action(args: ActionFunctionArgs) {
  const { actor } = await authorize(args, "routes/manage.webhooks.$id");
  const { request, context } = args;
  const hook = await load(args.params.id);
  const back = `/manage/webhooks/${hook.id}`;
  const form = await request.formData();
  const intent = intentOf(form);
  if (intent === "delete") {
    await deleteWebhook(getSql(), auditActorFrom(context), hook.id);
    return redirectWithFlash("/manage/webhooks", "webhook-deleted");
  }
  if (intent === "test") {
    const outcome = await sendTestMessage(getSql(), hook.id, actor.user.id);
    return data({ intent, tested: outcome });
  }
  if (intent === "retry") {
    const delivery = String(form.get("delivery") ?? "");
    const outcome = UUID.test(delivery) ? await retryDelivery(getSql(), hook.id, delivery) : "gone";
    return redirectWithFlash(
      back,
      outcome === "queued" ? "webhook-retry-queued" : outcome === "off" ? "webhook-retry-off" : "webhook-retry-gone",
    );
  }
  if (intent === "replace-secret") {
    const secret = await replaceWebhookSecret(getSql(), auditActorFrom(context), hook.id);
    return data({ intent, secret });
  }
  const submission = parseWithValibot(form, { schema: WebhookSchema });
  if (submission.status !== "success") return data({ intent: "save", result: submission.reply() }, { status: 400 });
  try {
    await updateWebhook(getSql(), auditActorFrom(context), hook.id, submission.value);
  } catch (error) {
    if (error instanceof WebhookUrlError)
      return data({ intent: "save", result: submission.reply({ fieldErrors: { url: [error.message] } }) }, { status: 400 });
    throw error;
  }
  return redirectWithFlash(back, "webhook-saved");
}

const STATE_WORDS = { pending: "Waiting", delivered: "Delivered", failed: "Given up" } as const;

export default function WebhookPage() {
  const { hook, notice } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [params] = useSearchParams();
  const saveResult = reply && "result" in reply ? reply.result : undefined;
  const [form, fields] = useValibotForm("webhook", WebhookSchema, saveResult, { name: hook.name, url: hook.url });
  const tested = reply && "tested" in reply ? reply.tested : undefined;
  const secret = reply && "secret" in reply ? reply.secret : undefined;
  return (
    <div className="space-y-6">
      <PageHeader title={hook.name} crumbs={[{ to: "/manage/webhooks", label: "Webhooks" }]} />
      <Notice>{notice}</Notice>
      {secret ? <SecretShown secret={secret} name={hook.name} /> : null}
      <Section title="Test">
        <Form method="post" className="space-y-2">
          <input type="hidden" name="intent" value="test" />
          <p className="text-sm text-slate-600">
            Sends a <code>porch.test</code> message now, signed like every other, and shows the answer.
          </p>
          <Button variant="secondary">Send a test message</Button>
        </Form>
        {tested !== undefined ? (
          <p role="status" className={`mt-2 text-sm ${tested?.delivered ? "text-emerald-800" : "text-red-700"}`} data-testid="test-outcome">
            {tested?.delivered
              ? `Delivered: the receiver answered ${tested.status} in ${tested.ms} ms.`
              : `Not delivered: ${tested?.error ?? "the webhook is gone"}`}
          </p>
        ) : null}
      </Section>
      <Section title="Deliveries">
        {hook.deliveries.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing sent yet.</p>
        ) : (
          <TableBox>
            <table className="w-full text-left text-sm">
              <thead className="border-b border-slate-300 text-slate-600">
                <tr>
                  <th className="py-2 pr-3">Event</th>
                  <th className="py-2 pr-3">Queued</th>
                  <th className="py-2 pr-3">State</th>
                  <th className="py-2 pr-3">Attempts</th>
                  <th className="py-2 pr-3">Last answer</th>
                  <th className="py-2 pr-3">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {hook.deliveries.map((d) => (
                  <tr key={d.id} className="border-b border-slate-200 align-top">
                    <td className="py-2 pr-3">
                      <code>{d.eventType}</code>
                    </td>
                    <td className="py-2 pr-3">{formatDate(d.createdAt)}</td>
                    <td className="py-2 pr-3">
                      {STATE_WORDS[d.state]}
                      {d.state === "pending" && d.attempts > 0 ? `, next try ${formatDate(d.nextAttemptAt)}` : ""}
                    </td>
                    <td className="py-2 pr-3">{d.attempts}</td>
                    <td className="py-2 pr-3 break-words">
                      {d.lastError ?? (d.lastStatus ? `${d.lastStatus}${d.lastMs !== null ? ` in ${d.lastMs} ms` : ""}` : "")}
                    </td>
                    <td className="py-2 pr-3">
                      {d.state === "failed" ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="retry" />
                          <input type="hidden" name="delivery" value={d.id} />
                          <Button variant="secondary">Send again</Button>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableBox>
        )}
      </Section>
      <Section title="Settings">
        <Form method="post" {...getFormProps(form)} className="max-w-xl space-y-4">
          <input type="hidden" name="intent" value="save" />
          <FormErrors errors={form.errors} id={form.errorId} />
          <WebhookFields fields={fields} events={hook.events} />
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name={fields.enabled.name} defaultChecked={hook.enabled} />
            On (when off, nothing is queued for it)
          </label>
          <Button>Save</Button>
        </Form>
      </Section>
      <Section title="Signing secret">
        <Form method="post" className="space-y-2">
          <input type="hidden" name="intent" value="replace-secret" />
          <p className="text-sm text-slate-600">
            A new secret replaces the old one at once: messages after this are signed with the new one only.
          </p>
          <Button variant="secondary">Replace the signing secret</Button>
        </Form>
      </Section>
      <ConfirmDelete
        what="webhook"
        name={hook.name}
        question={`Delete ${hook.name}? Its waiting messages and delivery log go with it.`}
        confirming={params.get("confirm") === "delete"}
        lastResult={undefined}
      />
    </div>
  );
}
