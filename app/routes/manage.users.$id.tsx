import { permissionChoices } from "~/permissions/definitions";
import type { ReactNode } from "react";
import { ManagedByFileError, managedNote } from "~/models/managed.server";
import { parseWithValibot } from "@conform-to/valibot";
import { authorize } from "~/permissions/authorize.server";
import { Refusal } from "~/permissions/refusal.server";
import { data, redirect, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { validatedSessionId } from "~/auth/actor.server";
import { passwordProblems } from "~/auth/password-policy.server";
import { hashPassword } from "~/auth/password.server";
import { SessionList } from "~/components/session-list";
import { SignInSafety } from "~/components/sign-in-safety";
import { ResetLinkSection } from "~/components/reset-link";
import { Button, formatDate, Notice, PageHeader, Section } from "~/components/ui";
import { DeleteUserSection, GroupsForm, PasswordForm, PermissionsForm, ProfileForm, StatusForm } from "~/components/user-forms";
import { getSql, type Sql } from "~/db.server";
import { GroupsSchema, MoveKeysSchema, PermissionsSchema, ProfileSchema, ResetPasswordSchema, StatusSchema } from "~/forms/users";
import { LastAdminError } from "~/models/admins.server";
import { auditActorFrom, recordChange, type AuditActor } from "~/models/audit.server";
import { recentFailures } from "~/models/audit-log.server";
import { lockedUntil, unlockAccount } from "~/auth/throttle.server";
import { listGroups } from "~/models/groups.server";
import {
  adminEndAccess,
  adminSetPassword,
  deleteUser,
  getUserDetail,
  setUserGroups,
  setUserPermissions,
  setUserStatus,
  updateProfile,
  UsernameTakenError,
  ServiceAccountEmailError,
} from "~/models/manage-users.server";
import { moveApiKeys, serviceAccountChoices, workingKeysOf } from "~/models/service-accounts.server";
import { MovableKeys } from "~/components/movable-keys";
import { listUserSessions } from "~/models/sessions.server";
import { createResetLink } from "~/models/password-resets.server";
import { disableTwoFactor, usesTwoFactor } from "~/models/two-factor.server";
import { listPasskeys, removeAllPasskeys } from "~/models/passkeys.server";
import { countOf } from "~/utils/count";
import { describeDevice } from "~/utils/device";
import { badRequest, formError, handlerFor, intentOf, type IntentReply } from "~/utils/form-reply.server";
import type { FlashCode } from "~/utils/flash-messages";
import { redirectWithFlash, takeFlash } from "~/utils/flash.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.user.username ?? "User"} · Porch` }];

async function findUser(id: string | undefined) {
  const user = id ? await getUserDetail(getSql(), id) : null;
  if (!user) throw new Refusal("not-found");
  return user;
}

export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await authorize(args, "routes/manage.users.$id");
  const { request, params } = args;
  const user = await findUser(params.id);
  const sessions = (await listUserSessions(getSql(), user.id, validatedSessionId(actor))).map((s) => ({
    ...s,
    device: describeDevice(s.userAgent),
  }));
  const service = user.kind === "service";
  // Working keys: a service account's count; a person's list, which stops with them, and where it may move.
  const [groups, locked, failures, twoFactor, workingKeys, passkeys, serviceAccounts] = await Promise.all([
    listGroups(getSql()),
    lockedUntil(getSql(), user.username),
    recentFailures(getSql(), user.username),
    usesTwoFactor(getSql(), user.id),
    workingKeysOf(getSql(), user.id),
    listPasskeys(getSql(), user.id),
    service ? [] : serviceAccountChoices(getSql()),
  ]);
  const { notice, init } = await takeFlash(request);
  return data(
    {
      user,
      note: user.managed ? managedNote(`The service account ${user.username} (its name, description, groups and permissions)`) : null,
      workingKeys,
      serviceAccounts,
      groups,
      isSelf: actor.user.id === user.id,
      sessions,
      locked,
      failures,
      twoFactor,
      passkeys: passkeys.map((p) => p.name),
      notice,
      choices: permissionChoices(),
    },
    init,
  );
}

export async function action(args: ActionFunctionArgs) {
  const { actor } = await authorize(args, "routes/manage.users.$id");
  const { request, context, params } = args;
  const user = await findUser(params.id);
  const formData = await request.formData();
  const intent = intentOf(formData);
  // Its keys are made on their own page (manage.users.$id_.keys); it has nothing to sign in with (ADR 040).
  if (user.kind === "service" && PEOPLE_ONLY.has(intent))
    return formError(intent, "A service account never signs in: it has no password, two-factor or passkeys.");
  const handle = handlerFor(USER_FORMS, intent);
  if (!handle) return formError(intent, "Unknown action.");
  const form: UserForm = {
    formData,
    intent,
    user,
    isSelf: user.id === actor.user.id,
    context,
    sql: getSql(),
    audit: auditActorFrom(context),
  };
  // One's own sign-in is changed under My account, which asks for the current password: from here a stolen
  // administrator's session could set a password or drop two-factor and keep the account (attack24).
  if (form.isSelf && OWN_ACCOUNT_ELSEWHERE.has(intent))
    return formError(intent, "Change your own password and two-factor under My account: it asks for your current password.");

  try {
    return await handle(form);
  } catch (error) {
    if (error instanceof LastAdminError || error instanceof ManagedByFileError) return formError(intent, error.message);
    throw error;
  }
}

/** What each of the page's forms is handled with: the form, and the account the page is about. */
interface UserForm {
  formData: FormData;
  intent: string;
  user: Awaited<ReturnType<typeof findUser>>;
  /** The administrator is looking at their own account. */
  isSelf: boolean;
  context: AppLoadContext;
  sql: Sql;
  audit: AuditActor;
}

const savedAs = (user: { id: string }, code: FlashCode) => redirectWithFlash(`/manage/users/${user.id}`, code);

async function saveProfile({ formData, intent, user, sql, audit }: UserForm) {
  const s = parseWithValibot(formData, { schema: ProfileSchema });
  if (s.status !== "success") return badRequest(intent, s.reply());
  try {
    await updateProfile(sql, audit, user.id, {
      username: s.value.username,
      displayName: s.value.displayName ?? null,
      email: s.value.email ?? null,
      avatarUrl: s.value.avatarUrl ?? null,
    });
  } catch (error) {
    if (error instanceof UsernameTakenError) return badRequest(intent, s.reply({ fieldErrors: { username: [error.message] } }));
    if (error instanceof ServiceAccountEmailError) return badRequest(intent, s.reply({ fieldErrors: { email: [error.message] } }));
    throw error;
  }
  return savedAs(user, "profile-saved");
}

async function saveStatus({ formData, intent, user, sql, audit }: UserForm) {
  const s = parseWithValibot(formData, { schema: StatusSchema });
  if (s.status !== "success") return badRequest(intent, s.reply());
  await setUserStatus(sql, audit, user.id, s.value.status);
  return savedAs(user, "status-saved");
}

async function saveGroups({ formData, intent, user, sql, audit }: UserForm) {
  const s = parseWithValibot(formData, { schema: GroupsSchema });
  if (s.status !== "success") return badRequest(intent, s.reply());
  await setUserGroups(sql, audit, user.id, s.value.groups);
  return savedAs(user, "groups-saved");
}

async function savePermissions({ formData, intent, user, sql, audit }: UserForm) {
  const s = parseWithValibot(formData, { schema: PermissionsSchema });
  if (s.status !== "success") return badRequest(intent, s.reply());
  await setUserPermissions(sql, audit, user.id, s.value.permissions);
  return savedAs(user, "permissions-saved");
}

async function setPassword({ formData, intent, user, sql, audit }: UserForm) {
  const s = parseWithValibot(formData, { schema: ResetPasswordSchema });
  const hidden = { hideFields: ["password", "confirmPassword"] };
  if (s.status !== "success") return badRequest(intent, s.reply(hidden));
  const problems = await passwordProblems(s.value.password, { username: user.username });
  if (problems.length) return badRequest(intent, s.reply({ ...hidden, fieldErrors: { password: problems } }));
  await adminSetPassword(sql, audit, user.id, await hashPassword(s.value.password));
  return savedAs(user, "password-set-for-them");
}

async function makeResetLink({ intent, user, context, sql, audit }: UserForm) {
  const token = await createResetLink(sql, audit, user.id);
  return { intent, link: `${context.origin}/auth/reset/${token}` };
}

async function resetTwoFactor({ user, sql, audit }: UserForm) {
  await disableTwoFactor(sql, audit, user.id);
  return savedAs(user, "two-factor-reset");
}

async function removePasskeys({ user, sql, audit }: UserForm) {
  await removeAllPasskeys(sql, audit, user.id);
  return savedAs(user, "passkeys-removed");
}

async function unlock({ user, sql, audit }: UserForm) {
  await unlockAccount(sql, user.username);
  await recordChange(sql, audit, "auth.unlocked", { type: "user", id: user.id }, { username: user.username });
  return savedAs(user, "account-unlocked");
}

async function endSessionsAndKeys({ user, sql, audit }: UserForm) {
  await adminEndAccess(sql, audit, user.id);
  return savedAs(user, "their-access-ended");
}

async function moveKeys({ formData, intent, user, sql, audit }: UserForm) {
  const s = parseWithValibot(formData, { schema: MoveKeysSchema });
  if (s.status !== "success") return badRequest(intent, s.reply());
  if (user.kind === "service") return formError(intent, "A service account's keys stay its own.");
  const moved = await moveApiKeys(sql, audit, user.id, s.value.to, s.value.keys);
  if (!moved) return badRequest(intent, s.reply({ fieldErrors: { to: ["Choose an active service account."] } }));
  return savedAs(user, moved.moved ? "keys-moved" : "no-keys-moved");
}

async function deleteAccount({ intent, user, isSelf, sql, audit }: UserForm) {
  if (isSelf) return formError(intent, "You can't delete your own account here.");
  await deleteUser(sql, audit, user.id);
  return redirect("/manage/users");
}

const OWN_ACCOUNT_ELSEWHERE = new Set(["password", "reset-link", "reset-2fa"]);
/** What only a person has: refused on a service account's page (the database refuses it too, migration 0036). */
const PEOPLE_ONLY = new Set(["password", "reset-link", "reset-2fa", "remove-passkeys", "unlock", "move-keys"]);

const USER_FORMS = {
  profile: saveProfile,
  status: saveStatus,
  groups: saveGroups,
  permissions: savePermissions,
  password: setPassword,
  "reset-link": makeResetLink,
  "reset-2fa": resetTwoFactor,
  "remove-passkeys": removePasskeys,
  unlock,
  "end-sessions": endSessionsAndKeys,
  "move-keys": moveKeys,
  delete: deleteAccount,
};

export default function UserPage() {
  const loaded = useLoaderData<typeof loader>();
  const { user, note, groups, isSelf, notice, choices } = loaded;
  const answer = useActionData<IntentReply | { intent: string; link: string }>();
  const reply = answer && "result" in answer ? answer : undefined;
  const resetLink = answer && "link" in answer ? answer.link : null;
  const [params] = useSearchParams();
  const resultFor = (intent: string) => (reply?.intent === intent ? reply.result : undefined);
  const service = user.kind === "service";
  return (
    <div className="space-y-6">
      <PageHeader
        title={user.username}
        crumbs={[
          { to: "/manage", label: "Manage" },
          service ? { to: "/manage/users/service-accounts", label: "Service accounts" } : { to: "/manage/users", label: "Users" },
        ]}
      />
      <Notice>{notice}</Notice>
      <p className="text-sm text-slate-600">
        {service
          ? `Service account · created ${formatDate(user.createdAt)} · never signs in: its API keys are its only credential`
          : `Provider ${user.provider} · created ${formatDate(user.createdAt)} · last sign-in ${formatDate(user.lastSignInAt)}`}
      </p>
      {note ? (
        <p className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="managed-note">
          {note}
        </p>
      ) : null}
      <Locked on={user.managed}>
        <ProfileForm user={user} service={service} lastResult={resultFor("profile")} />
      </Locked>
      {/* Before Status and Delete: the keys that stop with this person, and where they may move (ADR 040). */}
      {service ? null : (
        <MovableKeys
          username={user.username}
          keys={loaded.workingKeys}
          serviceAccounts={loaded.serviceAccounts}
          errors={moveErrorsOf(resultFor("move-keys"))}
        />
      )}
      <StatusForm status={user.status} isSelf={isSelf} service={service} lastResult={resultFor("status")} />
      <Locked on={user.managed}>
        <GroupsForm groups={groups} checked={user.groupIds} lastResult={resultFor("groups")} />
        <PermissionsForm
          choices={choices}
          direct={user.directPermissions}
          inherited={user.groupPermissions}
          lastResult={resultFor("permissions")}
        />
      </Locked>
      {service ? (
        <>
          <Section title={`API keys (${countOf(loaded.workingKeys.length, "working key")})`}>
            <p className="text-sm text-slate-700">
              Its keys are its only credential: make them for each script, and revoke one without touching the others.
            </p>
            <Link to={`/manage/users/${user.id}/keys`} className="text-sm text-blue-800 underline">
              Manage {user.username}&rsquo;s API keys
            </Link>
          </Section>
        </>
      ) : (
        <PersonSignIn loaded={loaded} resultFor={resultFor} resetLink={resetLink} />
      )}
      {user.managed ? null : (
        <DeleteUserSection
          username={user.username}
          isSelf={isSelf}
          confirming={params.get("confirm") === "delete"}
          lastResult={resultFor("delete")}
          workingKeys={service ? 0 : loaded.workingKeys.length}
          service={service}
        />
      )}
    </div>
  );
}

const moveErrorsOf = (result: IntentReply["result"] | undefined) =>
  result ? [...(result.error?.[""] ?? []), ...(result.error?.to ?? [])] : undefined;

/** What only a person has: keys that stop with them, password, lockout, two-factor, passkeys, sessions. */
function PersonSignIn({
  loaded,
  resultFor,
  resetLink,
}: {
  loaded: ReturnType<typeof useLoaderData<typeof loader>>;
  resultFor: (intent: string) => IntentReply["result"] | undefined;
  resetLink: string | null;
}) {
  const { user, isSelf, sessions, locked, failures, twoFactor, passkeys } = loaded;
  const activeApiKeys = loaded.workingKeys.length;
  return (
    <>
      {isSelf ? (
        <p className="text-sm text-slate-600">
          Your own password, two-factor sign-in and passkeys are changed under{" "}
          <Link to="/settings/security" className="text-blue-800 underline">
            My account
          </Link>
          , which asks for your current password.
        </p>
      ) : user.provider === "credentials" ? (
        <>
          <PasswordForm lastResult={resultFor("password")} username={user.username} />
          <ResetLinkSection link={resetLink} />
        </>
      ) : null}
      <SignInSafety locked={locked} failures={failures} />
      {twoFactor && !isSelf ? (
        <Section title="Two-factor sign-in">
          <Form method="post" className="flex flex-wrap items-center gap-3">
            <input type="hidden" name="intent" value="reset-2fa" />
            <p className="text-sm">On. If they lost their phone and their recovery codes:</p>
            <Button variant="secondary">Reset two-factor</Button>
          </Form>
        </Section>
      ) : null}
      {passkeys.length ? (
        <Section title={`Passkeys (${passkeys.length})`}>
          <Form method="post" className="flex flex-wrap items-center gap-3">
            <input type="hidden" name="intent" value="remove-passkeys" />
            <p className="text-sm">{passkeys.join(", ")}. If a device is lost or shouldn't sign in any more:</p>
            <Button variant="secondary">Remove their passkeys</Button>
          </Form>
        </Section>
      ) : null}
      <Section title={`Sessions (${sessions.length})`}>
        <SessionList sessions={sessions} revocable={false} />
        <p className="text-sm text-slate-600">{countOf(activeApiKeys, "active API key")}.</p>
        {sessions.length || activeApiKeys || passkeys.length ? (
          <Form method="post">
            <input type="hidden" name="intent" value="end-sessions" />
            <Button variant="secondary">End all sessions, API keys and passkeys</Button>
          </Form>
        ) : null}
      </Section>
    </>
  );
}

/** What the provisioning file keeps: shown, not usable (the models refuse it anyway); no wrapper otherwise. */
function Locked({ on, children }: { on: boolean; children: ReactNode }) {
  return on ? (
    <fieldset disabled className="contents">
      {children}
    </fieldset>
  ) : (
    <>{children}</>
  );
}
