import { getFormProps, useForm } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { passwordProblems } from "~/auth/password-policy.server";
import { hashPassword, verifyPassword } from "~/auth/password.server";
import { FormErrors, TextField } from "~/components/field";
import { NewPasswordField } from "~/components/password-field";
import { Button, Notice, PageHeader, Section } from "~/components/ui";
import { getSql } from "~/db.server";
import { AccountProfileSchema, ChangePasswordSchema } from "~/forms/account";
import { changeOwnPassword, getAccount, updateOwnProfile } from "~/models/account.server";
import { auditActorFrom } from "~/models/audit.server";
import { HomeBoardForm } from "~/components/home-board-form";
import { setUserHomeBoard } from "~/models/home-board.server";
import { boardSubjectOf } from "~/permissions/board-guard.server";
import { canViewBoard, listVisibleBoards } from "~/permissions/boards.server";
import { requireUser } from "~/permissions/guards.server";
import { badRequest, intentOf, type IntentReply } from "~/utils/form-reply.server";
import { noticeFor } from "~/utils/notice";

export const meta: MetaFunction = () => [{ title: "My account · Porch" }];

const SAVED: Record<string, string> = {
  profile: "Profile saved.",
  password: "Password changed. Your other sessions have ended.",
  "home-board": "Home board saved.",
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireUser(request, context);
  const account = await getAccount(getSql(), actor.user.id);
  if (!account) throw new Response("Not Found", { status: 404 });
  const { passwordHash, ...shown } = account;
  const { boards } = await listVisibleBoards(getSql(), await boardSubjectOf(request, context), { limit: 500 });
  const [home] = await getSql()<{ id: string | null }[]>`select home_board_id as id from users where id = ${actor.user.id}`;
  return {
    account: shown,
    hasPassword: passwordHash !== null,
    boards: boards.map((b) => ({ id: b.id, name: b.name, title: b.title })),
    homeBoardId: home?.id ?? null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireUser(request, context);
  const formData = await request.formData();
  const intent = intentOf(formData);
  const audit = { ...auditActorFrom(context), userId: actor.user.id };
  if (intent === "profile") {
    const s = parseWithValibot(formData, { schema: AccountProfileSchema });
    if (s.status !== "success") return badRequest(intent, s.reply());
    await updateOwnProfile(getSql(), audit, {
      displayName: s.value.displayName ?? null,
      email: s.value.email ?? null,
      avatarUrl: s.value.avatarUrl ?? null,
    });
    return redirect("/settings?saved=profile");
  }
  if (intent === "password") {
    const s = parseWithValibot(formData, { schema: ChangePasswordSchema });
    const hidden = { hideFields: ["currentPassword", "password", "confirmPassword"] };
    if (s.status !== "success") return badRequest(intent, s.reply(hidden));
    const account = await getAccount(getSql(), actor.user.id);
    const current = account?.passwordHash ? await verifyPassword(account.passwordHash, s.value.currentPassword) : null;
    if (!current?.ok) {
      return badRequest(intent, s.reply({ ...hidden, fieldErrors: { currentPassword: ["That is not your current password"] } }));
    }
    const problems = passwordProblems(s.value.password, { username: actor.user.username });
    if (problems.length) return badRequest(intent, s.reply({ ...hidden, fieldErrors: { password: problems } }));
    await changeOwnPassword(getSql(), audit, await hashPassword(s.value.password), actor.sessionId);
    return redirect("/settings?saved=password");
  }
  if (intent === "home-board") {
    const boardId = String(formData.get("boardId") ?? "");
    if (boardId) {
      if (!(await canViewBoard(getSql(), await boardSubjectOf(request, context), boardId))) {
        return badRequest(intent, { status: "error", error: { "": ["You can't view that board: choose another."] } });
      }
    }
    await setUserHomeBoard(getSql(), audit, actor.user.id, boardId || null);
    return redirect("/settings?saved=home-board");
  }
  return badRequest(intent, { status: "error", error: { "": ["Unknown action."] } });
}

export default function AccountPage() {
  const { account, hasPassword, boards, homeBoardId } = useLoaderData<typeof loader>();
  const reply = useActionData<IntentReply>();
  const [params] = useSearchParams();
  const resultFor = (intent: string) => (reply?.intent === intent ? reply.result : undefined);
  const [profile, profileFields] = useForm({
    id: "account-profile",
    lastResult: resultFor("profile"),
    defaultValue: { displayName: account.displayName ?? "", email: account.email ?? "", avatarUrl: account.avatarUrl ?? "" },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema: AccountProfileSchema }),
  });
  const [password, passwordFields] = useForm({
    id: "account-password",
    lastResult: resultFor("password"),
    shouldValidate: "onSubmit",
   shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema: ChangePasswordSchema }),
  });
  return (
    <div className="max-w-xl space-y-6">
      <PageHeader title="My account" />
      <Notice>{noticeFor(SAVED, params.get("saved"))}</Notice>
      <p className="text-sm text-slate-600">
        Signed in as <strong>{account.username}</strong> ({account.provider}).
      </p>
      <Section title="Profile">
        <Form method="post" {...getFormProps(profile)} className="space-y-3">
          <input type="hidden" name="intent" value="profile" />
          <FormErrors errors={profile.errors} />
          <TextField label="Display name" meta={profileFields.displayName} autoComplete="name" />
          <TextField label="Email" meta={profileFields.email} type="email" autoComplete="email" />
          <TextField label="Avatar URL" meta={profileFields.avatarUrl} autoComplete="photo" />
          <Button>Save profile</Button>
        </Form>
      </Section>
      {hasPassword ? (
        <Section title="Change password">
          <Form method="post" {...getFormProps(password)} className="space-y-3">
            <input type="hidden" name="intent" value="password" />
            <FormErrors errors={password.errors} />
            <TextField label="Current password" meta={passwordFields.currentPassword} type="password" autoComplete="current-password" />
            <NewPasswordField label="New password" meta={passwordFields.password} username={account.username} />
            <TextField label="Confirm new password" meta={passwordFields.confirmPassword} type="password" autoComplete="new-password" />
            <p className="text-xs text-slate-500">Changing it signs you out everywhere else.</p>
            <Button>Change password</Button>
          </Form>
        </Section>
      ) : (
        <p className="text-sm text-slate-600">Your password is managed by your sign-in provider.</p>
      )}
      <FormErrors errors={resultFor("home-board")?.error?.[""] ?? undefined} />
      <HomeBoardForm
        boards={boards}
        current={homeBoardId}
        hint="Not set: your first group's home board, else the server's default. A board you can no longer view is skipped."
      />
    </div>
  );
}
