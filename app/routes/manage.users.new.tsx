import { getFormProps } from "@conform-to/react";
import { authorize } from "~/permissions/authorize.server";
import { parseWithValibot } from "@conform-to/valibot";
import { useValibotForm } from "~/forms/use-valibot-form";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { passwordProblems } from "~/auth/password-policy.server";
import { hashPassword } from "~/auth/password.server";
import { TextField } from "~/components/field";
import { FormErrors } from "~/components/form-errors";
import { NewPasswordField } from "~/components/password-field";
import { GroupChoices } from "~/components/group-choices";
import { Button, PageHeader } from "~/components/ui";
import { getSql } from "~/db.server";
import { NewUserSchema } from "~/forms/users";
import { auditActorFrom } from "~/models/audit.server";
import { listGroups } from "~/models/groups.server";
import { createManagedUser, UsernameTakenError } from "~/models/manage-users.server";
import { redirectWithFlash } from "~/utils/flash.server";

export const meta: MetaFunction = () => [{ title: "Add user · Porch" }];

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/manage.users.new");
  return { groups: await listGroups(getSql()) };
}

export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/manage.users.new");
  const { request, context } = args;
  const submission = parseWithValibot(await request.formData(), { schema: NewUserSchema });
  const hidden = { hideFields: ["password", "confirmPassword"] };
  if (submission.status !== "success") return data(submission.reply(hidden), { status: 400 });
  const { username, email, displayName, password, groups } = submission.value;
  const problems = await passwordProblems(password, { username });
  if (problems.length) return data(submission.reply({ ...hidden, fieldErrors: { password: problems } }), { status: 400 });
  try {
    const id = await createManagedUser(getSql(), auditActorFrom(context), {
      username,
      email,
      displayName,
      passwordHash: await hashPassword(password),
      groupIds: groups,
    });
    return redirectWithFlash(`/manage/users/${id}`, "user-created");
  } catch (error) {
    if (error instanceof UsernameTakenError) {
      return data(submission.reply({ ...hidden, fieldErrors: { username: [error.message] } }), { status: 400 });
    }
    throw error;
  }
}

export default function NewUserPage() {
  const { groups } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useValibotForm("new-user", NewUserSchema, lastResult);
  return (
    <div className="max-w-md space-y-4">
      <PageHeader
        title="Add user"
        crumbs={[
          { to: "/manage", label: "Manage" },
          { to: "/manage/users", label: "Users" },
        ]}
      />
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrors errors={form.errors} id={form.errorId} />
        <TextField label="Username" meta={fields.username} autoComplete="off" />
        <TextField label="Email" meta={fields.email} type="email" autoComplete="off" />
        <TextField label="Display name" meta={fields.displayName} autoComplete="off" />
        <NewPasswordField label="Password" meta={fields.password} usernameField={fields.username.name} />
        <TextField label="Confirm password" meta={fields.confirmPassword} type="password" autoComplete="new-password" />
        <GroupChoices groups={groups} checked={[]} />
        <Button>Create</Button>
      </Form>
    </div>
  );
}
