import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FormErrors } from "~/components/form-errors";
import { Button, INLINE_CONTROL, Notice, PageHeader, Section } from "~/components/ui";
import { getSql } from "~/db.server";
import { auditActorFrom } from "~/models/audit.server";
import { ManagedByFileError, managedNote } from "~/models/managed.server";
import {
  getBoardSettings,
  getUnknownAppsAllowed,
  provisionedSettings,
  saveBoardSettings,
  saveUnknownAppsAllowed,
} from "~/models/server-settings.server";
import { isUuid } from "~/models/manage-users.server";
import { redirectWithFlash, takeFlash } from "~/utils/flash.server";

export const meta: MetaFunction = () => [{ title: "Settings · Manage · Porch" }];

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/manage.settings");
  const { request } = args;
  const sql = getSql();
  const [settings, unknownAppsAllowed, managed, boards] = await Promise.all([
    getBoardSettings(sql),
    getUnknownAppsAllowed(sql),
    provisionedSettings(sql),
    sql<{ id: string; name: string; title: string; isPublic: boolean }[]>`
      select id, name, title, is_public as "isPublic" from boards order by name limit 1000`,
  ]);
  const { notice, init } = await takeFlash(request);
  const note = managed.length ? managedNote(`These settings: ${managed.join(", ")}`) : null;
  return data({ settings, unknownAppsAllowed, managed, note, boards, notice }, init);
}

export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/manage.settings");
  const { request, context } = args;
  const form = await request.formData();
  try {
    return await save(form, auditActorFrom(context));
  } catch (error) {
    if (error instanceof ManagedByFileError) return { error: error.message };
    throw error;
  }
}

async function save(form: FormData, actor: ReturnType<typeof auditActorFrom>) {
  if (form.get("intent") === "forward-auth") {
    await saveUnknownAppsAllowed(getSql(), actor, form.get("unknownAppsAllowed") === "on");
    return redirectWithFlash("/manage/settings", "settings-saved");
  }
  const board = String(form.get("defaultBoardId") ?? "");
  const sql = getSql();
  if (board && !(isUuid(board) && (await sql`select 1 from boards where id = ${board}`).length)) {
    return { error: "That board no longer exists: choose another." };
  }
  await saveBoardSettings(sql, actor, { guestAccess: form.get("guestAccess") === "on", defaultBoardId: board || null });
  return redirectWithFlash("/manage/settings", "settings-saved");
}

export default function ServerSettingsPage() {
  const { settings, unknownAppsAllowed, managed, note, boards, notice } = useLoaderData<typeof loader>();
  // A setting the provisioning file decides is shown, not offered; its value is sent as it is.
  const fixed = (key: string) => managed.includes(key);
  const reply = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <PageHeader title="Settings" />
      <Notice>{notice}</Notice>
      {note ? (
        <p className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="managed-note">
          {note}
        </p>
      ) : null}
      <Section title="Boards">
        <Form method="post" className="max-w-lg space-y-4">
          <FormErrors errors={reply?.error ? [reply.error] : undefined} />
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              name="guestAccess"
              defaultChecked={settings.guestAccess}
              disabled={fixed("guestAccess")}
              className="mt-1"
            />
            {fixed("guestAccess") && settings.guestAccess ? <input type="hidden" name="guestAccess" value="on" /> : null}
            <span>
              Allow guests to see public boards
              <span className="block text-xs text-slate-500">Visitors who aren't signed in can open public boards, and nothing else.</span>
            </span>
          </label>
          <div className="block text-sm">
            <label htmlFor="default-board-id" className="block font-medium text-slate-700">
              Default home board
            </label>
            <select
              id="default-board-id"
              name="defaultBoardId"
              defaultValue={settings.defaultBoardId ?? ""}
              disabled={fixed("defaultBoard")}
              className={`${INLINE_CONTROL} mt-1 w-full`}
            >
              <option value="">None</option>
              {boards.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.title} ({b.name}
                  {b.isPublic ? ", public" : ""})
                </option>
              ))}
            </select>
            {fixed("defaultBoard") ? <input type="hidden" name="defaultBoardId" value={settings.defaultBoardId ?? ""} /> : null}
            <span className="mt-1 block text-xs text-slate-500">
              Shown at / to people whose own and groups' home boards don't apply (and to guests, when it is public), if they may view it.
            </span>
          </div>
          <Button>Save</Button>
        </Form>
      </Section>
      <Section title="Protected apps">
        <Form method="post" className="max-w-lg space-y-4">
          <input type="hidden" name="intent" value="forward-auth" />
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              name="unknownAppsAllowed"
              defaultChecked={unknownAppsAllowed}
              disabled={fixed("unknownAppsAllowed")}
              className="mt-1"
            />
            {fixed("unknownAppsAllowed") && unknownAppsAllowed ? <input type="hidden" name="unknownAppsAllowed" value="on" /> : null}
            <span>
              Let signed-in people through to addresses nobody protected
              <span className="block text-xs text-slate-500">
                Off (the safe choice): forward auth refuses any address that isn't under Manage → Protected apps, so an app added to the
                proxy is closed until someone decides who may open it.
              </span>
            </span>
          </label>
          <Button>Save for protected apps</Button>
        </Form>
      </Section>
    </div>
  );
}
