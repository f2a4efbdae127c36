import { getFormProps } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { TextField } from "~/components/field";
import { FormErrors } from "~/components/form-errors";
import { GroupChoices } from "~/components/group-choices";
import { Button, formatDate, Notice, PageHeader, Section, TableBox } from "~/components/ui";
import { getSql } from "~/db.server";
import { NewServiceAccountSchema } from "~/forms/users";
import { useValibotForm } from "~/forms/use-valibot-form";
import { auditActorFrom } from "~/models/audit.server";
import { listGroups } from "~/models/groups.server";
import { UsernameTakenError } from "~/models/manage-users.server";
import { createServiceAccount, listServiceAccounts } from "~/models/service-accounts.server";
import { authorize } from "~/permissions/authorize.server";
import { countOf } from "~/utils/count";
import { redirectWithFlash, takeFlash } from "~/utils/flash.server";

// Service accounts (issue #23 part 1, ADR 040): accounts for automations, listed apart from people.
// Each opens on the same page as a person (groups, permissions, status), with its API keys instead of
// a password and sessions.

export const meta: MetaFunction = () => [{ title: "Service accounts · Porch" }];

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/manage.users.service-accounts");
  const { notice, init } = await takeFlash(args.request);
  const [accounts, groups] = await Promise.all([listServiceAccounts(getSql()), listGroups(getSql())]);
  return data({ accounts, groups, notice }, init);
}

export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/manage.users.service-accounts");
  const { request, context } = args;
  const submission = parseWithValibot(await request.formData(), { schema: NewServiceAccountSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { name, description, groups } = submission.value;
  try {
    const id = await createServiceAccount(getSql(), auditActorFrom(context), { name, description, groupIds: groups });
    return redirectWithFlash(`/manage/users/${id}`, "service-account-created");
  } catch (error) {
    if (error instanceof UsernameTakenError)
      return data(submission.reply({ fieldErrors: { name: ["That name is taken (by a person or a service account)."] } }), {
        status: 400,
      });
    throw error;
  }
}

export default function ServiceAccountsPage() {
  const { accounts, groups, notice } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useValibotForm("new-service-account", NewServiceAccountSchema, lastResult);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Service accounts"
        crumbs={[
          { to: "/manage", label: "Manage" },
          { to: "/manage/users", label: "Users" },
        ]}
      />
      <Notice>{notice}</Notice>
      <p className="max-w-2xl text-sm text-slate-600">
        For scripts and automations: groups and permissions like a person, no password, never signed in. Their API keys keep working when
        the people who made them leave.
      </p>
      {accounts.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">No service accounts yet.</p>
      ) : (
        <TableBox>
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-300 text-slate-600">
              <tr>
                <th className="py-2 pr-3">Name</th>
                <th className="py-2 pr-3">Description</th>
                <th className="py-2 pr-3">Status</th>
                <th className="py-2 pr-3">Groups</th>
                <th className="py-2 pr-3">API keys</th>
                <th className="py-2 pr-3">Last key use</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => (
                <tr key={a.id} className="border-b border-slate-200">
                  <td className="py-2 pr-3">
                    <Link to={`/manage/users/${a.id}`} className="font-medium text-blue-800 underline">
                      {a.name}
                    </Link>
                    {a.managed ? <span className="ml-2 text-xs text-amber-800">(managed by the provisioning file)</span> : null}
                  </td>
                  <td className="py-2 pr-3">{a.description}</td>
                  <td className="py-2 pr-3">{a.status === "active" ? "Active" : "Inactive"}</td>
                  <td className="py-2 pr-3">{a.groups.join(", ")}</td>
                  <td className="py-2 pr-3">{countOf(a.activeKeys, "working key")}</td>
                  <td className="py-2 pr-3">{formatDate(a.lastKeyUseAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      )}
      <Section title="New service account">
        <Form method="post" {...getFormProps(form)} className="max-w-md space-y-4">
          <FormErrors errors={form.errors} id={form.errorId} />
          <TextField label="Name" meta={fields.name} autoComplete="off" />
          <TextField label="Description" meta={fields.description} autoComplete="off" />
          <GroupChoices groups={groups} checked={[]} />
          <Button>Create service account</Button>
        </Form>
      </Section>
    </div>
  );
}
