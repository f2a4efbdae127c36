import { permissionChoices } from "~/permissions/definitions";
import type { ReactNode } from "react";
import { ManagedByFileError, managedNote } from "~/models/managed.server";
import { isDirectoryProvider } from "~/auth/directory-provider";
import { parseWithValibot } from "@conform-to/valibot";
import * as v from "valibot";
import { authorize } from "~/permissions/authorize.server";
import { Refusal } from "~/permissions/refusal.server";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { DeleteGroupSection, GroupPermissionsForm, MembersSection, RenameGroupForm } from "~/components/group-forms";
import { DirectoryGroupsSection } from "~/components/directory-groups";
import { Button, INLINE_CONTROL, Notice, PageHeader, Section } from "~/components/ui";
import { DAY } from "~/utils/time";
import { getConfig } from "~/config.server";
import { passkeyPlace } from "~/auth/passkeys/place.server";
import { getSql, type Sql } from "~/db.server";
import { AddMemberSchema, directoryGroupName, GroupPermissionsSchema, RemoveMemberSchema, RenameGroupSchema } from "~/forms/groups";
import { LastAdminError } from "~/models/admins.server";
import { auditActorFrom, type AuditActor } from "~/models/audit.server";
import {
  addMember,
  deleteGroup,
  getGroup,
  GroupNameTakenError,
  removeMember,
  ReservedGroupError,
  searchUsernames,
  setGroupPermissions,
  setGroupRequires2fa,
  setGroupRequiresPasskey,
  addDirectoryMapping,
  removeDirectoryMapping,
  UnknownUserError,
  updateGroup,
} from "~/models/groups.server";
import { HomeBoardForm } from "~/components/home-board-form";
import { setGroupHomeBoard } from "~/models/home-board.server";
import { isUuid } from "~/models/manage-users.server";
import { badRequest, formError, handlerFor, intentOf, type IntentReply } from "~/utils/form-reply.server";
import type { FlashCode } from "~/utils/flash-messages";
import { redirectWithFlash, takeFlash } from "~/utils/flash.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.group.name ?? "Group"} · Porch` }];

async function findGroup(id: string | undefined) {
  const group = id ? await getGroup(getSql(), id) : null;
  if (!group) throw new Refusal("not-found");
  return group;
}

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/manage.users.groups.$id");
  const { request, params } = args;
  const group = await findGroup(params.id);
  const search = (new URL(request.url).searchParams.get("member") ?? "").trim().slice(0, 64);
  const matches = search && !group.reserved ? await searchUsernames(getSql(), search) : [];
  const boards = await getSql()<{ id: string; name: string; title: string }[]>`select id, name, title from boards order by name limit 1000`;
  const directoryProviders = getConfig().providers.filter(isDirectoryProvider);
  const { notice, init } = await takeFlash(request);
  // Whether members without a passkey may still add a first one (read here: the page renders no clock).
  const windowOpen = Boolean(group.passkeyGraceUntil && group.passkeyGraceUntil.getTime() > Date.now());
  const note = group.managed ? managedNote(`The group ${group.name} (its name, permissions, requirements and directory groups)`) : null;
  return data({ group, note, search, matches, boards, directoryProviders, notice, choices: permissionChoices(), windowOpen }, init);
}

export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/manage.users.groups.$id");
  const { request, context, params } = args;
  const group = await findGroup(params.id);
  const formData = await request.formData();
  const intent = intentOf(formData);
  const handle = handlerFor(GROUP_FORMS, intent);
  if (!handle) return formError(intent, "Unknown action.");
  try {
    return await handle({ formData, intent, group, sql: getSql(), audit: auditActorFrom(context) });
  } catch (error) {
    if (
      error instanceof LastAdminError ||
      error instanceof ReservedGroupError ||
      error instanceof UnknownUserError ||
      error instanceof ManagedByFileError
    ) {
      return formError(intent, error.message);
    }
    throw error;
  }
}

/** What each of the page's forms is handled with: the form, and the group the page is about. */
interface GroupForm {
  formData: FormData;
  intent: string;
  group: Awaited<ReturnType<typeof findGroup>>;
  sql: Sql;
  audit: AuditActor;
}

const savedAs = (group: { id: string }, code: FlashCode) => redirectWithFlash(`/manage/users/groups/${group.id}`, code);

async function renameGroup({ formData, intent, group, sql, audit }: GroupForm) {
  const s = parseWithValibot(formData, { schema: RenameGroupSchema });
  if (s.status !== "success") return badRequest(intent, s.reply());
  try {
    await updateGroup(sql, audit, group.id, { name: s.value.name, description: s.value.description ?? null });
  } catch (error) {
    if (error instanceof GroupNameTakenError) return badRequest(intent, s.reply({ fieldErrors: { name: [error.message] } }));
    throw error;
  }
  return savedAs(group, "group-saved");
}

async function savePermissions({ formData, intent, group, sql, audit }: GroupForm) {
  const s = parseWithValibot(formData, { schema: GroupPermissionsSchema });
  if (s.status !== "success") return badRequest(intent, s.reply());
  await setGroupPermissions(sql, audit, group.id, s.value.permissions);
  return savedAs(group, "permissions-saved");
}

async function addMemberByName({ formData, intent, group, sql, audit }: GroupForm) {
  const s = parseWithValibot(formData, { schema: AddMemberSchema });
  if (s.status !== "success") return badRequest(intent, s.reply());
  await addMember(sql, audit, group.id, s.value.username);
  return savedAs(group, "member-added");
}

async function removeMemberById({ formData, intent, group, sql, audit }: GroupForm) {
  const s = parseWithValibot(formData, { schema: RemoveMemberSchema });
  if (s.status !== "success") return badRequest(intent, s.reply());
  await removeMember(sql, audit, group.id, s.value.userId);
  return savedAs(group, "member-removed");
}

/** Map or unmap a directory (LDAP) or provider (OpenID Connect) group to this one. */
async function mapDirectoryGroup({ formData, intent, group, sql, audit }: GroupForm) {
  const provider = formData.get("provider");
  if (!isDirectoryProvider(provider))
    return formError(intent, "Choose the provider the group comes from: LDAP, OpenID Connect or the proxy.");
  const named = v.safeParse(directoryGroupName, String(formData.get("directoryGroup") ?? ""));
  if (!named.success) return formError(intent, named.issues[0].message);
  const name = named.output;
  if (intent === "map-directory-group") await addDirectoryMapping(sql, audit, group.id, { provider, name });
  else await removeDirectoryMapping(sql, audit, group.id, { provider, name });
  return savedAs(group, "directory-groups-saved");
}

async function setHomeBoard({ formData, intent, group, sql, audit }: GroupForm) {
  const boardId = String(formData.get("boardId") ?? "");
  if (boardId && !(isUuid(boardId) && (await sql`select 1 from boards where id = ${boardId}`).length)) {
    return formError(intent, "That board no longer exists: choose another.");
  }
  await setGroupHomeBoard(sql, audit, group.id, boardId || null);
  return savedAs(group, "home-board-saved");
}

async function requireTwoFactor({ formData, group, sql, audit }: GroupForm) {
  await setGroupRequires2fa(sql, audit, group.id, formData.get("required") === "on");
  return savedAs(group, "two-factor-requirement-saved");
}

/** How long members without a passkey may add a first one with their password, once it is required. */
const PASSKEY_WINDOWS: Record<string, number | "keep"> = { keep: "keep", none: 0, "1d": DAY, "7d": 7 * DAY };

async function requirePasskey({ formData, intent, group, sql, audit }: GroupForm) {
  const required = formData.get("required") === "on";
  if (required && !passkeyPlace())
    return formError(
      intent,
      "Passkeys are off on this server (they need BASE_URL): nobody could meet this. See the README's Passkeys section.",
    );
  const span = PASSKEY_WINDOWS[String(formData.get("window") ?? "")];
  if (required && span === undefined) return formError(intent, "Choose how long members without a passkey may add one.");
  const saved = await setGroupRequiresPasskey(sql, audit, group.id, required, span ?? 0);
  if (!saved.ok) return formError(intent, saved.error);
  return savedAs(group, saved.shutOut ? "passkey-requirement-saved-shut-out" : "passkey-requirement-saved");
}

async function removeGroup({ group, sql, audit }: GroupForm) {
  await deleteGroup(sql, audit, group.id);
  return redirect("/manage/users/groups");
}

const GROUP_FORMS = {
  rename: renameGroup,
  permissions: savePermissions,
  "add-member": addMemberByName,
  "remove-member": removeMemberById,
  "map-directory-group": mapDirectoryGroup,
  "unmap-directory-group": mapDirectoryGroup,
  "home-board": setHomeBoard,
  "require-2fa": requireTwoFactor,
  "require-passkey": requirePasskey,
  delete: removeGroup,
};

export default function GroupPage() {
  const { group, note, search, matches, boards, directoryProviders, notice, choices, windowOpen } = useLoaderData<typeof loader>();
  const reply = useActionData<IntentReply>();
  const [params] = useSearchParams();
  const resultFor = (...intents: string[]) => (reply && intents.includes(reply.intent) ? reply.result : undefined);
  return (
    <div className="space-y-6">
      <PageHeader
        title={`Group ${group.name}`}
        current={group.name}
        crumbs={[
          { to: "/manage", label: "Manage" },
          { to: "/manage/users/groups", label: "Groups" },
        ]}
      />
      <Notice>{notice}</Notice>
      {note ? (
        <p className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="managed-note">
          {note}
        </p>
      ) : null}
      {group.reserved ? (
        <p className="text-sm text-slate-600">
          Every signed-in user is in <strong>everyone</strong>: it can't be renamed, deleted or have members edited. What you grant here,
          everybody gets.
        </p>
      ) : (
        <>
          <Locked on={group.managed}>
            <RenameGroupForm group={group} lastResult={resultFor("rename")} />
          </Locked>
          <MembersSection members={group.members} search={search} matches={matches} lastResult={resultFor("add-member", "remove-member")} />
        </>
      )}
      <Locked on={group.managed}>
        <GroupPermissionsForm choices={choices} permissions={group.permissions} lastResult={resultFor("permissions")} />
        {group.reserved ? null : (
          <DirectoryGroupsSection
            mappings={group.directoryGroups}
            providers={directoryProviders}
            errors={resultFor("map-directory-group", "unmap-directory-group")?.error?.[""] ?? undefined}
          />
        )}
      </Locked>
      <HomeBoardForm
        boards={boards}
        current={group.homeBoardId}
        hint={
          group.reserved
            ? "For everyone: used when a person's own choice and their other groups' home boards don't apply. Skipped for people who can't view it."
            : "For members without their own choice, when this is their first group (see the order on Groups) with a home board they can view."
        }
      />
      {resultFor("home-board")?.error?.[""] ? (
        <p role="alert" className="text-sm text-red-700">
          {resultFor("home-board")?.error?.[""]}
        </p>
      ) : null}
      <Locked on={group.managed}>
        <Section title="Two-factor sign-in">
          <Form method="post" className="space-y-2">
            <input type="hidden" name="intent" value="require-2fa" />
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="required" defaultChecked={group.require2fa} />
              Members must use two-factor sign-in (those without it are sent to set it up)
            </label>
            <Button variant="secondary">Save requirement</Button>
          </Form>
        </Section>
        <Section title="Phishing-resistant sign-in">
          <Form method="post" className="space-y-2">
            <input type="hidden" name="intent" value="require-passkey" />
            {resultFor("require-passkey")?.error?.[""] ? (
              <p role="alert" className="text-sm text-red-700">
                {resultFor("require-passkey")?.error?.[""]}
              </p>
            ) : null}
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="required" defaultChecked={group.requirePasskey} />
              Members must sign in with a passkey (a password and a code aren't enough)
            </label>
            <label className="block text-sm">
              <span className="block font-medium text-slate-700">Members without a passkey may add one with their password</span>
              {/* Saving again never reopens the window by itself: "as it is" is the default once it is required. */}
              <select
                key={String(group.requirePasskey)}
                name="window"
                defaultValue={group.requirePasskey ? "keep" : "1d"}
                className={INLINE_CONTROL}
              >
                {group.requirePasskey ? <option value="keep">as it is now</option> : null}
                <option value="1d">for 1 day from now</option>
                <option value="7d">for 7 days from now</option>
                <option value="none">not at all: they ask an administrator</option>
              </select>
            </label>
            <p className="text-xs text-slate-600">
              {group.requirePasskey
                ? windowOpen && group.passkeyGraceUntil
                  ? `Members without a passkey may add one until ${new Date(group.passkeyGraceUntil).toUTCString()}. `
                  : "Members without a passkey can't add one now: saving again opens a new window. "
                : null}
              While that window is open, whoever has a member's password could add their own passkey: keep it short, and ask members to add
              theirs before. Then they confirm with it. Accounts from a directory, an identity provider or a proxy can't have passkeys yet:
              they can't sign in while this is on.
            </p>
            <Button variant="secondary">Save requirement</Button>
          </Form>
        </Section>
      </Locked>
      {group.reserved || group.managed ? null : (
        <DeleteGroupSection name={group.name} confirming={params.get("confirm") === "delete"} lastResult={resultFor("delete")} />
      )}
    </div>
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
