import { getFormProps } from "@conform-to/react";
import { authorize } from "~/permissions/authorize.server";
import { subjectOfActor } from "~/permissions/subject.server";
import { Refusal } from "~/permissions/refusal.server";
import { parseWithValibot } from "@conform-to/valibot";
import { useValibotForm } from "~/forms/use-valibot-form";
import { data, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { passwordProblems } from "~/auth/password-policy.server";
import { checkInSession } from "~/auth/budget.server";
import { sessionAsker } from "~/auth/own-password.server";
import { hashPassword } from "~/auth/password.server";
import { validatedSessionId } from "~/auth/actor.server";
import { CheckboxField, TextField } from "~/components/field";
import { FormErrors } from "~/components/form-errors";
import { NewPasswordField } from "~/components/password-field";
import { Button, Notice, PageHeader, Section } from "~/components/ui";
import { getConfig } from "~/config.server";
import { getSql } from "~/db.server";
import { AccountProfileSchema, ChangePasswordSchema } from "~/forms/account";
import { changeOwnPassword, getAccount, passwordIsRight, setOwnTheme, updateOwnProfile } from "~/models/account.server";
import { ThemeForm } from "~/components/theme-form";
import { themeOfChoice } from "~/forms/theme";
import { countActiveApiKeys } from "~/models/api-keys.server";
import { countOf } from "~/utils/count";
import { auditActorFrom, type AuditActor } from "~/models/audit.server";
import { startEmailVerification, verificationMail } from "~/models/email-verification.server";
import { outboundLink } from "~/server/links.server";
import { sendMail } from "~/server/mail.server";
import { HomeBoardForm } from "~/components/home-board-form";
import { setUserHomeBoard } from "~/models/home-board.server";
import { listVisibleBoards } from "~/permissions/board-list.server";
import { canViewBoard } from "~/permissions/boards.server";
import type { SignedInActor } from "~/auth/actor.server";
import { OPTIONAL_KINDS } from "~/models/notification-kinds";
import { setSecurityMailsOff } from "~/models/notifications.server";
import { SecurityMailsForm } from "~/components/security-mails-form";
import { badRequest, formError, handlerFor, intentOf, type IntentReply } from "~/utils/form-reply.server";
import { redirectWithFlash, takeFlash } from "~/utils/flash.server";

export const meta: MetaFunction = () => [{ title: "My account · Porch" }];

const VERIFICATION_REFUSED: Record<"no-email" | "too-many", string> = {
  "no-email": "Save an email address first.",
  "too-many": "Three confirmation mails were sent within the last hour. Wait a while, then try again.",
};

export async function loader(args: LoaderFunctionArgs) {
  const { actor, subject } = await authorize(args, "routes/settings._index");
  const { request } = args;
  const account = await getAccount(getSql(), actor.user.id);
  if (!account) throw new Refusal("not-found");
  const { passwordHash, ...shown } = account;
  const { boards } = await listVisibleBoards(getSql(), subject, { limit: 500 });
  const [home] = await getSql()<{ id: string | null; off: string[] }[]>`
    select home_board_id as id, notifications_off as off from users where id = ${actor.user.id}`;
  const { notice, init } = await takeFlash(request);
  return data(
    {
      account: shown,
      mailOn: getConfig().smtp !== null,
      hasPassword: passwordHash !== null,
      activeApiKeys: await countActiveApiKeys(getSql(), actor.user.id),
      boards: boards.map((b) => ({ id: b.id, name: b.name, title: b.title })),
      homeBoardId: home?.id ?? null,
      notificationsOff: home?.off ?? [],
      theme: actor.user.theme ?? null,
      notice,
    },
    init,
  );
}

export async function action(args: ActionFunctionArgs) {
  const { actor } = await authorize(args, "routes/settings._index");
  const { request, context } = args;
  const formData = await request.formData();
  const intent = intentOf(formData);
  const handle = handlerFor(ACCOUNT_FORMS, intent);
  if (!handle) return formError(intent, "Unknown action.");
  return handle({ request, context, formData, intent, actor, audit: { ...auditActorFrom(context), userId: actor.user.id } });
}

/** What each of the page's forms is handled with: the form, and whose account it is. */
interface AccountForm {
  request: Request;
  context: AppLoadContext;
  formData: FormData;
  intent: string;
  actor: SignedInActor;
  audit: AuditActor & { userId: string };
}

async function saveProfile({ formData, intent, audit }: AccountForm) {
  const s = parseWithValibot(formData, { schema: AccountProfileSchema });
  if (s.status !== "success") return badRequest(intent, s.reply());
  await updateOwnProfile(getSql(), audit, {
    displayName: s.value.displayName ?? null,
    email: s.value.email ?? null,
    avatarUrl: s.value.avatarUrl ?? null,
  });
  return redirectWithFlash("/settings", "profile-saved");
}

async function sendConfirmationMail({ intent, actor, audit }: AccountForm) {
  const started = await startEmailVerification(getSql(), audit);
  if (started === "confirmed-already") return redirectWithFlash("/settings", "email-confirmed-already");
  if (typeof started === "string") {
    const result = { status: "error" as const, error: { "": [VERIFICATION_REFUSED[started]] } };
    return data<IntentReply>({ intent, result }, { status: started === "too-many" ? 429 : 400 });
  }
  const mail = verificationMail(actor.user.username, started.email, outboundLink(`/auth/verify-email/${started.token}`));
  try {
    await sendMail(started.email, mail.subject, mail.text);
  } catch (error) {
    console.error(JSON.stringify({ level: "error", msg: "confirmation mail failed", error: String(error) }));
    const result = { status: "error" as const, error: { "": ["The mail couldn't be sent. Try again later, or ask an administrator."] } };
    return data<IntentReply>({ intent, result }, { status: 503 });
  }
  return redirectWithFlash("/settings", "confirmation-sent");
}

async function changePassword({ context, formData, intent, actor, audit }: AccountForm) {
  const s = parseWithValibot(formData, { schema: ChangePasswordSchema });
  const hidden = { hideFields: ["currentPassword", "password", "confirmPassword"] };
  if (s.status !== "success") return badRequest(intent, s.reply(hidden));
  const wrong = await checkInSession(
    sessionAsker(actor, context),
    "current-password",
    () => passwordIsRight(actor.user.id, s.value.currentPassword),
    "That is not your current password",
  );
  if (wrong.length) return badRequest(intent, s.reply({ ...hidden, fieldErrors: { currentPassword: wrong } }));
  const problems = await passwordProblems(s.value.password, { username: actor.user.username });
  if (problems.length) return badRequest(intent, s.reply({ ...hidden, fieldErrors: { password: problems } }));
  const ended = await changeOwnPassword(getSql(), audit, await hashPassword(s.value.password), validatedSessionId(actor), {
    endApiKeys: s.value.endApiKeys,
  });
  const saved = ended.apiKeysRevoked
    ? "password-changed-keys-ended"
    : (await countActiveApiKeys(getSql(), actor.user.id))
      ? "password-changed-keys-kept"
      : "password-changed";
  return redirectWithFlash("/settings", saved);
}

async function setHomeBoard({ formData, intent, actor, audit }: AccountForm) {
  const boardId = String(formData.get("boardId") ?? "");
  if (boardId) {
    if (!(await canViewBoard(getSql(), subjectOfActor(actor, true), boardId))) {
      return formError(intent, "You can't view that board: choose another.");
    }
  }
  await setUserHomeBoard(getSql(), audit, actor.user.id, boardId || null);
  return redirectWithFlash("/settings", "home-board-saved");
}

async function saveTheme({ formData, intent, actor }: AccountForm) {
  const theme = themeOfChoice(formData.get("theme"));
  if (theme === undefined) return formError(intent, "Choose one of the three.");
  await setOwnTheme(getSql(), actor.user.id, theme);
  return redirectWithFlash("/settings", "theme-saved");
}

/** The informational security mails this person wants (the others are always sent). */
async function saveSecurityMails({ formData, audit }: AccountForm) {
  const off = OPTIONAL_KINDS.filter((kind) => formData.get(kind) !== "on");
  await setSecurityMailsOff(getSql(), audit, off);
  return redirectWithFlash("/settings", "security-mails-saved");
}

const ACCOUNT_FORMS = {
  profile: saveProfile,
  "verify-email": sendConfirmationMail,
  password: changePassword,
  "home-board": setHomeBoard,
  theme: saveTheme,
  "security-mails": saveSecurityMails,
};

export default function AccountPage() {
  const { account, mailOn, hasPassword, activeApiKeys, boards, homeBoardId, notificationsOff, theme, notice } =
    useLoaderData<typeof loader>();
  const reply = useActionData<IntentReply>();
  const resultFor = (intent: string) => (reply?.intent === intent ? reply.result : undefined);
  const [profile, profileFields] = useValibotForm("account-profile", AccountProfileSchema, resultFor("profile"), {
    displayName: account.displayName ?? "",
    email: account.email ?? "",
    avatarUrl: account.avatarUrl ?? "",
  });
  const [password, passwordFields] = useValibotForm("account-password", ChangePasswordSchema, resultFor("password"));
  return (
    <div className="max-w-xl space-y-6">
      <PageHeader title="My account" />
      <Notice>{notice}</Notice>
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
        {account.email ? (
          <Form method="post" className="flex flex-wrap items-center gap-3 text-sm">
            <input type="hidden" name="intent" value="verify-email" />
            <span>
              {account.email}: <strong data-testid="email-status">{account.emailVerified ? "Confirmed" : "Not confirmed"}</strong>
            </span>
            {account.emailVerified ? null : mailOn ? (
              <Button variant="secondary">Send confirmation mail</Button>
            ) : (
              <span className="text-xs text-slate-500">This server sends no mail, so addresses can't be confirmed.</span>
            )}
            <FormErrors errors={resultFor("verify-email")?.error?.[""] ?? undefined} />
          </Form>
        ) : null}
      </Section>
      {hasPassword ? (
        <Section title="Change password">
          <Form method="post" {...getFormProps(password)} className="space-y-3">
            <input type="hidden" name="intent" value="password" />
            <FormErrors errors={password.errors} />
            <TextField label="Current password" meta={passwordFields.currentPassword} type="password" autoComplete="current-password" />
            <NewPasswordField label="New password" meta={passwordFields.password} username={account.username} />
            <TextField label="Confirm new password" meta={passwordFields.confirmPassword} type="password" autoComplete="new-password" />
            <p className="text-xs text-slate-500">
              Changing it signs you out everywhere else. Your passkeys stay: review them under Security.
            </p>
            {activeApiKeys ? (
              <CheckboxField
                label={`Also revoke my ${countOf(activeApiKeys, "API key")}`}
                meta={passwordFields.endApiKeys}
                hint="Tick it if someone else may have had your password: they could have made keys with it. Left unticked, your scripts keep working."
              />
            ) : null}
            <Button>Change password</Button>
          </Form>
        </Section>
      ) : (
        <p className="text-sm text-slate-600">Your password is managed by your sign-in provider.</p>
      )}
      {mailOn && account.email ? <SecurityMailsForm off={notificationsOff} email={account.email} /> : null}
      <FormErrors errors={resultFor("home-board")?.error?.[""] ?? undefined} />
      <HomeBoardForm
        boards={boards}
        current={homeBoardId}
        hint="Not set: your first group's home board, else the server's default. A board you can no longer view is skipped."
      />
      <ThemeForm current={theme} error={resultFor("theme")?.error?.[""] ?? undefined} />
    </div>
  );
}
