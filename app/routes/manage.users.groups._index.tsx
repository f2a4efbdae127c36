import { getFormProps } from "@conform-to/react";
import { authorize } from "~/permissions/authorize.server";
import { parseWithValibot } from "@conform-to/valibot";
import { useValibotForm } from "~/forms/use-valibot-form";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { TextField } from "~/components/field";
import { FormErrors } from "~/components/form-errors";
import { Button, PageHeader, Section, TableBox } from "~/components/ui";
import { getSql } from "~/db.server";
import { NewGroupSchema } from "~/forms/groups";
import { auditActorFrom } from "~/models/audit.server";
import { createGroup, GroupNameTakenError, listGroups, moveGroup } from "~/models/groups.server";
import { redirectWithFlash } from "~/utils/flash.server";

export const meta: MetaFunction = () => [{ title: "Groups · Porch" }];

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/manage.users.groups._index");
  return { groups: await listGroups(getSql()) };
}

export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/manage.users.groups._index");
  const { request, context } = args;
  const formData = await request.formData();
  const move = formData.get("move");
  if (move === "up" || move === "down") {
    await moveGroup(getSql(), auditActorFrom(context), String(formData.get("groupId") ?? ""), move === "up" ? -1 : 1);
    return redirect("/manage/users/groups");
  }
  const submission = parseWithValibot(formData, { schema: NewGroupSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    const id = await createGroup(getSql(), auditActorFrom(context), submission.value);
    return redirectWithFlash(`/manage/users/groups/${id}`, "group-created");
  } catch (error) {
    if (error instanceof GroupNameTakenError) {
      return data(submission.reply({ fieldErrors: { name: [error.message] } }), { status: 400 });
    }
    throw error;
  }
}

export default function GroupsPage() {
  const { groups } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useValibotForm("new-group", NewGroupSchema, lastResult);
  return (
    <div className="space-y-6">
      <PageHeader title="Groups" />
      <p className="text-sm text-slate-600">
        The order matters for home boards: a member's first group with a home board decides what they see at /.
      </p>
      <TableBox>
        <table className="w-full text-left text-sm">
          <thead className="border-b border-slate-300 text-slate-600">
            <tr>
              <th className="py-2 pr-3">Name</th>
              <th className="py-2 pr-3">Description</th>
              <th className="py-2 pr-3">Members</th>
              <th className="py-2 pr-3">
                <span className="sr-only">Order</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g, i) => (
              <tr key={g.id} className="border-b border-slate-200">
                <td className="py-2 pr-3">
                  <Link to={`/manage/users/groups/${g.id}`} className="font-medium text-blue-800 underline">
                    {g.name}
                  </Link>
                  {g.reserved ? <span className="ml-2 text-xs text-slate-500">(every signed-in user)</span> : null}
                  {g.managed ? <span className="ml-2 text-xs text-amber-800">(managed by the provisioning file)</span> : null}
                </td>
                <td className="py-2 pr-3">{g.description}</td>
                <td className="py-2 pr-3">{g.memberCount}</td>
                <td className="py-2 pr-3">
                  {g.reserved ? null : (
                    <Form method="post" className="flex gap-1">
                      <input type="hidden" name="groupId" value={g.id} />
                      <button
                        name="move"
                        value="up"
                        aria-label={`Move ${g.name} up`}
                        disabled={i <= 1}
                        className="rounded border border-slate-300 px-2 text-xs disabled:opacity-40"
                      >
                        ↑
                      </button>
                      <button
                        name="move"
                        value="down"
                        aria-label={`Move ${g.name} down`}
                        disabled={i === groups.length - 1}
                        className="rounded border border-slate-300 px-2 text-xs disabled:opacity-40"
                      >
                        ↓
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableBox>
      <Section title="Add group">
        <Form method="post" {...getFormProps(form)} className="max-w-md space-y-3">
          <FormErrors errors={form.errors} />
          <TextField label="Name" meta={fields.name} autoComplete="off" />
          <TextField label="Description" meta={fields.description} autoComplete="off" />
          <Button>Add group</Button>
        </Form>
      </Section>
    </div>
  );
}
