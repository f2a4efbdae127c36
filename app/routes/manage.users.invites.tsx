import { redirect, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { OneTimeLink } from "~/components/one-time-link";
import { FormErrors } from "~/components/form-errors";
import { Button, formatDate, PageHeader, Section, TableBox, INLINE_CONTROL } from "~/components/ui";
import { getSql } from "~/db.server";
import { auditActorFrom, type AuditActor } from "~/models/audit.server";
import { createInvite, deleteInvite, listInvites } from "~/models/invites.server";
import { listGroups } from "~/models/groups.server";
import { GroupChoices } from "~/components/group-choices";
import { badRequest, formError, handlerFor, intentOf } from "~/utils/form-reply.server";
import { DAY } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "Invites · Porch" }];

const EXPIRY_CHOICES = [1, 7, 30] as const;
const CreateSchema = v.object({
  days: v.picklist(["1", "7", "30"], "Choose how long the link works"),
  groups: v.array(v.pipe(v.string(), v.uuid("Choose groups from the list"))),
});

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/manage.users.invites");
  const [invites, groups] = await Promise.all([listInvites(getSql()), listGroups(getSql())]);
  return { invites, groups: groups.map((g) => ({ id: g.id, name: g.name, reserved: g.reserved })), now: Date.now() };
}

export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/manage.users.invites");
  const { request, context } = args;
  const formData = await request.formData();
  const intent = intentOf(formData);
  const handle = handlerFor(INVITE_FORMS, intent);
  if (!handle) return formError(intent, "Unknown action.");
  return handle({ formData, intent, context, audit: auditActorFrom(context) });
}

/** What each form is handled with. */
interface InviteForm {
  formData: FormData;
  intent: string;
  context: AppLoadContext;
  audit: AuditActor;
}

async function createLink({ formData, intent, context, audit }: InviteForm) {
  const parsed = v.safeParse(CreateSchema, { days: formData.get("days") ?? "7", groups: formData.getAll("groups") });
  if (!parsed.success) return badRequest(intent, { status: "error", error: { days: [parsed.issues[0].message] } });
  const { token } = await createInvite(getSql(), audit, Number(parsed.output.days) * DAY, parsed.output.groups);
  // Shown once: only its hash is stored, so this response is the only place the link ever appears.
  return { intent, link: `${context.origin}/auth/invite/${token}` };
}

async function deleteLink({ formData, intent, audit }: InviteForm) {
  const id = String(formData.get("id") ?? "");
  if (!/^[0-9a-f-]{36}$/i.test(id)) return formError(intent, "Unknown invite.");
  await deleteInvite(getSql(), audit, id);
  return redirect("/manage/users/invites");
}

const INVITE_FORMS = { create: createLink, delete: deleteLink };

function stateOf(invite: { usedAt: Date | null; expiresAt: Date }, now: number) {
  if (invite.usedAt) return "Used";
  return new Date(invite.expiresAt).getTime() <= now ? "Expired" : "Open";
}

export default function InvitesPage() {
  const { invites, groups, now } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const link = answer && "link" in answer ? answer.link : null;
  const errors = answer && "result" in answer ? Object.values(answer.result.error ?? {}).flat() : undefined;
  return (
    <div className="space-y-6">
      <PageHeader title="Invites" />
      <Section title="Create an invite link">
        <Form method="post" className="flex flex-wrap items-end gap-3">
          <input type="hidden" name="intent" value="create" />
          <label className="text-sm">
            <span className="block font-medium text-slate-700">Link works for</span>
            <select name="days" defaultValue="7" className={INLINE_CONTROL}>
              {EXPIRY_CHOICES.map((d) => (
                <option key={d} value={String(d)}>
                  {d} {d === 1 ? "day" : "days"}
                </option>
              ))}
            </select>
          </label>
          <div className="basis-full">
            {/* The person joins these on accepting, besides everyone (issue #19 item 13). */}
            <GroupChoices groups={groups} checked={[]} />
          </div>
          <Button>Create invite link</Button>
        </Form>
        <FormErrors errors={errors as string[] | undefined} />
        {link ? <OneTimeLink id="invite-link" link={link} /> : null}
      </Section>
      <Section title="Invites">
        {invites.length === 0 ? (
          <p className="text-sm text-slate-600">No invites yet.</p>
        ) : (
          <TableBox>
            <table className="w-full text-left text-sm">
              <thead className="border-b border-slate-300 text-slate-600">
                <tr>
                  <th className="py-2 pr-3">Created</th>
                  <th className="py-2 pr-3">By</th>
                  <th className="py-2 pr-3">Expires</th>
                  <th className="py-2 pr-3">Groups</th>
                  <th className="py-2 pr-3">State</th>
                  <th className="py-2 pr-3">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {invites.map((i) => (
                  <tr key={i.id} className="border-b border-slate-200">
                    <td className="py-2 pr-3">{formatDate(i.createdAt)}</td>
                    <td className="py-2 pr-3">{i.createdBy}</td>
                    <td className="py-2 pr-3">{formatDate(i.expiresAt)}</td>
                    <td className="py-2 pr-3">{i.groups.length ? i.groups.join(", ") : "—"}</td>
                    <td className="py-2 pr-3">
                      {stateOf(i, now)}
                      {i.usedBy ? ` by ${i.usedBy}` : ""}
                    </td>
                    <td className="py-2 pr-3">
                      <Form method="post">
                        <input type="hidden" name="intent" value="delete" />
                        <input type="hidden" name="id" value={i.id} />
                        <Button variant="secondary">Delete</Button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableBox>
        )}
      </Section>
    </div>
  );
}
