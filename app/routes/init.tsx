import { getFormProps } from "@conform-to/react";
import { authorize } from "~/permissions/authorize.server";
import { Refusal } from "~/permissions/refusal.server";
import { parseWithValibot } from "@conform-to/valibot";
import { useValibotForm } from "~/forms/use-valibot-form";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { OnboardingSchema } from "~/auth/forms";
import { passwordProblems } from "~/auth/password-policy.server";
import { hashPassword } from "~/auth/password.server";
import { startSession } from "~/auth/sign-in.server";
import { TextField } from "~/components/field";
import { FormErrors } from "~/components/form-errors";
import { NewPasswordField } from "~/components/password-field";
import { getSql } from "~/db.server";
import { AlreadyOnboardedError, completeOnboarding } from "~/models/onboarding.server";

export const meta: MetaFunction = () => [{ title: "Welcome · Porch" }];

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/init");
  return null;
}

export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/init");
  const { request, context } = args;
  const submission = parseWithValibot(await request.formData(), { schema: OnboardingSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password", "confirmPassword"] }), { status: 400 });
  }
  const { username, password } = submission.value;
  const problems = await passwordProblems(password, { username });
  if (problems.length) {
    return data(submission.reply({ hideFields: ["password", "confirmPassword"], fieldErrors: { password: problems } }), { status: 400 });
  }
  let userId: string;
  try {
    ({ userId } = await completeOnboarding(getSql(), {
      username,
      passwordHash: await hashPassword(password),
      ip: context.client.ip,
      userAgent: context.client.userAgent,
    }));
  } catch (error) {
    // Someone else finished onboarding a moment earlier: this page no longer exists.
    if (error instanceof AlreadyOnboardedError) throw new Refusal("not-found");
    throw error;
  }
  const cookie = await startSession(context, userId, { remember: false, provider: "credentials" });
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}

export default function InitPage() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useValibotForm("init", OnboardingSchema, lastResult);
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">Welcome to Porch</h1>
        <p className="text-slate-600">Create the first administrator. You will be signed in right away.</p>
      </div>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrors errors={form.errors} id={form.errorId} />
        <TextField label="Username" meta={fields.username} autoComplete="username" autoFocus />
        <NewPasswordField label="Password" meta={fields.password} usernameField={fields.username.name} />
        <TextField label="Confirm password" meta={fields.confirmPassword} type="password" autoComplete="new-password" />
        <p className="text-xs text-slate-500">Passwords have 8 to 256 characters.</p>
        <button type="submit" className="w-full rounded bg-slate-900 px-4 py-2 font-medium text-white hover:bg-slate-700">
          Create administrator
        </button>
      </Form>
    </div>
  );
}
