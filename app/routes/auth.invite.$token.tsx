import { getFormProps } from "@conform-to/react";
import { authorize } from "~/permissions/authorize.server";
import { parseWithValibot } from "@conform-to/valibot";
import { useValibotForm } from "~/forms/use-valibot-form";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { usernameField } from "~/auth/forms";
import { passwordProblems } from "~/auth/password-policy.server";
import { hashPassword } from "~/auth/password.server";
import { startSession } from "~/auth/sign-in.server";
import { TextField } from "~/components/field";
import { FormErrors } from "~/components/form-errors";
import { NewPasswordField } from "~/components/password-field";
import { LinkUnavailable } from "~/components/link-unavailable";
import { Button } from "~/components/ui";
import { getSql } from "~/db.server";
import { passwordPair } from "~/forms/fields";
import { acceptInvite, InviteUnusableError, inviteState, type InviteState } from "~/models/invites.server";
import { UsernameTakenError } from "~/models/manage-users.server";
import { NO_HYDRATION, type RouteHandle } from "~/utils/hydration";

export const meta: MetaFunction = () => [{ title: "Join · Porch" }];

// A plain form that works without JavaScript: the page ships none (issue #18).
export const handle: RouteHandle = NO_HYDRATION;

const AcceptSchema = passwordPair({ username: usernameField });

const MESSAGES: Record<Exclude<InviteState, "valid">, string> = {
  used: "This invitation has been used already. Ask your administrator for a new one.",
  expired: "This invitation has expired. Ask your administrator for a new one.",
  unknown: "This invitation link is not valid. Check that you copied all of it.",
};

function unusable(state: Exclude<InviteState, "valid">) {
  return data({ state, message: MESSAGES[state] }, { status: state === "unknown" ? 404 : 410 });
}

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/auth.invite.$token");
  const { params } = args;
  const state = await inviteState(getSql(), params.token ?? "");
  if (state !== "valid") return unusable(state);
  return { state, message: null };
}

export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/auth.invite.$token");
  const { request, params, context } = args;
  // The link first: a dead one costs no parsing, no password check and no hashing.
  const state = await inviteState(getSql(), params.token ?? "");
  if (state !== "valid") return unusable(state);
  const submission = parseWithValibot(await request.formData(), { schema: AcceptSchema });
  const hidden = { hideFields: ["password", "confirmPassword"] };
  if (submission.status !== "success") return data({ reply: submission.reply(hidden) }, { status: 400 });
  const problems = await passwordProblems(submission.value.password, { username: submission.value.username });
  if (problems.length) return data({ reply: submission.reply({ ...hidden, fieldErrors: { password: problems } }) }, { status: 400 });
  try {
    const userId = await acceptInvite(getSql(), params.token ?? "", {
      username: submission.value.username,
      passwordHash: await hashPassword(submission.value.password),
      ...context.client,
    });
    const cookie = await startSession(context, userId, { remember: false, provider: "credentials" });
    return redirect("/", { headers: { "Set-Cookie": cookie } });
  } catch (error) {
    if (error instanceof UsernameTakenError) {
      return data({ reply: submission.reply({ ...hidden, fieldErrors: { username: [error.message] } }) }, { status: 400 });
    }
    if (error instanceof InviteUnusableError) return unusable(error.state);
    throw error;
  }
}

export default function InvitePage() {
  const loaded = useLoaderData<typeof loader>();
  const params = useParams();
  const answer = useActionData<typeof action>();
  const message = answer && "message" in answer ? answer.message : loaded.message;
  const [form, fields] = useValibotForm("accept-invite", AcceptSchema, answer && "reply" in answer ? answer.reply : undefined);
  if (message) return <LinkUnavailable title="Invitation unavailable" message={message} />;
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">Join Porch</h1>
        <p className="text-slate-600">Choose your username and password. This link works once.</p>
      </div>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrors errors={form.errors} />
        <TextField label="Username" meta={fields.username} autoComplete="username" autoFocus />
        <NewPasswordField
          label="Password"
          meta={fields.password}
          usernameField={fields.username.name}
          link={`invite ${params.token ?? ""}`}
        />
        <TextField label="Confirm password" meta={fields.confirmPassword} type="password" autoComplete="new-password" />
        <Button>Create account</Button>
      </Form>
    </div>
  );
}
