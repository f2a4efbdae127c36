import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FormErrors } from "~/components/field";
import { Button, Notice, PageHeader, Section, INLINE_CONTROL } from "~/components/ui";
import { getSql } from "~/db.server";
import { auditActorFrom } from "~/models/audit.server";
import { getBoardSettings, saveBoardSettings } from "~/models/server-settings.server";
import { isUuid } from "~/models/manage-users.server";
import { redirectWithFlash, takeFlash } from "~/utils/flash.server";

export const meta: MetaFunction = () => [{ title: "Settings · Manage · Porch" }];

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/manage.settings");
  const { request } = args;
  const sql = getSql();
  const [settings, boards] = await Promise.all([
    getBoardSettings(sql),
    sql<{ id: string; name: string; title: string; isPublic: boolean }[]>`
      select id, name, title, is_public as "isPublic" from boards order by name limit 1000`,
  ]);
  const { notice, init } = await takeFlash(request);
  return data({ settings, boards, notice }, init);
}

export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/manage.settings");
  const { request, context } = args;
  const form = await request.formData();
  const board = String(form.get("defaultBoardId") ?? "");
  const sql = getSql();
  if (board && !(isUuid(board) && (await sql`select 1 from boards where id = ${board}`).length)) {
    return { error: "That board no longer exists: choose another." };
  }
  await saveBoardSettings(sql, auditActorFrom(context), { guestAccess: form.get("guestAccess") === "on", defaultBoardId: board || null });
  return redirectWithFlash("/manage/settings", "settings-saved");
}

export default function ServerSettingsPage() {
  const { settings, boards, notice } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <PageHeader title="Settings" />
      <Notice>{notice}</Notice>
      <Section title="Boards">
        <Form method="post" className="max-w-lg space-y-4">
          <FormErrors errors={reply?.error ? [reply.error] : undefined} />
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" name="guestAccess" defaultChecked={settings.guestAccess} className="mt-1" />
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
            <span className="mt-1 block text-xs text-slate-500">
              Shown at / to people whose own and groups' home boards don't apply (and to guests, when it is public), if they may view it.
            </span>
          </div>
          <Button>Save</Button>
        </Form>
      </Section>
    </div>
  );
}
