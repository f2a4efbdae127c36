import { getFormProps } from "@conform-to/react";
import { authorize } from "~/permissions/authorize.server";
import { parseWithValibot } from "@conform-to/valibot";
import { useValibotForm } from "~/forms/use-valibot-form";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useParams } from "@remix-run/react";
import * as v from "valibot";
import { passwordProblems } from "~/auth/password-policy.server";
import { hashPassword } from "~/auth/password.server";
import { TextField } from "~/components/field";
import { FormErrors } from "~/components/form-errors";
import { NewPasswordField } from "~/components/password-field";
import { LinkUnavailable } from "~/components/link-unavailable";
import { Button } from "~/components/ui";
import { getSql } from "~/db.server";
import { passwordPair } from "~/forms/fields";
import { completeReset, resetTokenUser } from "~/models/password-resets.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { NO_HYDRATION, type RouteHandle } from "~/utils/hydration";

export const meta: MetaFunction = () => [{ title: "Choose a new password · Porch" }];

// A plain form that works without JavaScript: the page ships none (issue #18).
export const handle: RouteHandle = NO_HYDRATION;

const ResetSchema = passwordPair({ intent: v.optional(v.string()) });
const UNUSABLE =
  "This reset link is no longer valid: it was used, it expired (links work for one hour), or it was mistyped. Ask your administrator for a new one.";

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/auth.reset.$token");
  const { params } = args;
  const user = await resetTokenUser(getSql(), params.token ?? "");
  if (!user) return data({ username: null, message: UNUSABLE }, { status: 410 });
  return { username: user.username, message: null };
}

export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/auth.reset.$token");
  const { request, params, context } = args;
  const token = params.token ?? "";
  const user = await resetTokenUser(getSql(), token);
  if (!user) return data({ message: UNUSABLE }, { status: 410 });
  const submission = parseWithValibot(await request.formData(), { schema: ResetSchema });
  const hidden = { hideFields: ["password", "confirmPassword"] };
  if (submission.status !== "success") return data({ reply: submission.reply(hidden) }, { status: 400 });
  const problems = await passwordProblems(submission.value.password, { username: user.username });
  if (problems.length) return data({ reply: submission.reply({ ...hidden, fieldErrors: { password: problems } }) }, { status: 400 });
  const done = await completeReset(getSql(), token, await hashPassword(submission.value.password), context.client);
  if (!done) return data({ message: UNUSABLE }, { status: 410 });
  return redirectWithFlash("/auth/login", "password-reset");
}

export default function ResetPage() {
  const loaded = useLoaderData<typeof loader>();
  const params = useParams();
  const answer = useActionData<typeof action>();
  const message = answer && "message" in answer ? answer.message : loaded.message;
  const [form, fields] = useValibotForm("reset", ResetSchema, answer && "reply" in answer ? answer.reply : undefined);
  if (message) return <LinkUnavailable title="Reset link unavailable" message={message} />;
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">Choose a new password</h1>
        <p className="text-slate-600">
          For <strong>{loaded.username}</strong>. Every session and API key of this account will end.
        </p>
      </div>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrors errors={form.errors} />
        <NewPasswordField
          label="New password"
          meta={fields.password}
          username={loaded.username ?? undefined}
          link={`reset ${params.token ?? ""}`}
        />
        <TextField label="Confirm new password" meta={fields.confirmPassword} type="password" autoComplete="new-password" />
        <Button>Set password</Button>
      </Form>
    </div>
  );
}
