import { getFormProps } from "@conform-to/react";
import { authorize } from "~/permissions/authorize.server";
import { Refusal } from "~/permissions/refusal.server";
import { parseWithValibot } from "@conform-to/valibot";
import { useValibotForm } from "~/forms/use-valibot-form";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { TextField } from "~/components/field";
import { FormErrors } from "~/components/form-errors";
import { Button, Notice } from "~/components/ui";
import { getConfig } from "~/config.server";
import { getSql } from "~/db.server";
import { selfServiceResetLink } from "~/models/password-resets.server";
import { afterAnswer } from "~/server/after-answer.server";
import { outboundLink } from "~/server/links.server";
import { sendMail } from "~/server/mail.server";
import { redirectWithFlash, takeFlash } from "~/utils/flash.server";
import { NO_HYDRATION, type RouteHandle } from "~/utils/hydration";

export const meta: MetaFunction = () => [{ title: "Forgot password · Porch" }];

// A plain form that works without JavaScript: the page ships none (issue #18).
export const handle: RouteHandle = NO_HYDRATION;

const ForgotSchema = v.object({
  login: v.pipe(v.string("Enter your username or email"), v.trim(), v.nonEmpty("Enter your username or email"), v.maxLength(254)),
});

/** Only when mail can be sent: without SMTP, people ask an administrator for a reset link. */
function requireMail() {
  if (!getConfig().smtp) throw new Refusal("not-found");
}

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/auth.forgot");
  const { request } = args;
  requireMail();
  const { notice, init } = await takeFlash(request);
  return data({ notice }, init);
}

export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/auth.forgot");
  const { request, context } = args;
  requireMail();
  const submission = parseWithValibot(await request.formData(), { schema: ForgotSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  // Everything that depends on whether an account matched happens after the answer, so the answer
  // takes the same time either way (no lookup, no link, no mail before it).
  const login = submission.value.login;
  afterAnswer("reset mail", async () => {
    const found = await selfServiceResetLink(getSql(), login, context.client);
    if (!found) return;
    const link = outboundLink(`/auth/reset/${found.token}`);
    await sendMail(
      found.email,
      "Reset your Porch password",
      `Hello ${found.username},\n\nSomeone (hopefully you) asked to reset your Porch password.\nChoose a new one here within the next hour:\n\n${link}\n\nIf it wasn't you, ignore this mail: your password stays as it is.\n`,
    );
  });
  return redirectWithFlash("/auth/forgot", "reset-mail-sent");
}

export default function ForgotPage() {
  const lastResult = useActionData<typeof action>();
  const { notice } = useLoaderData<typeof loader>();
  const [form, fields] = useValibotForm("forgot", ForgotSchema, lastResult);
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-semibold">Forgot your password?</h1>
      <Notice>{notice}</Notice>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrors errors={form.errors} />
        <TextField label="Username or email" meta={fields.login} autoComplete="username" />
        <Button>Send reset link</Button>
      </Form>
      <Link to="/auth/login" className="text-sm text-blue-800 underline">
        Back to sign in
      </Link>
    </div>
  );
}
