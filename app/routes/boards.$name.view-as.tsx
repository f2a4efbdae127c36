import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { authorize } from "~/permissions/authorize.server";
import { BoardItems } from "~/components/board-view";
import { Button, INLINE_CONTROL, PageHeader } from "~/components/ui";
import { getSql } from "~/db.server";
import { auditActorFrom, recordChange } from "~/models/audit.server";
import { audienceGroupChoices } from "~/models/item-audience.server";
import { isUuid } from "~/models/manage-users.server";
import { askerOf } from "~/models/resource-rows.server";
import { shownItems, viewBoardAs, type ViewAs } from "~/models/view-as.server";
import { withoutWidgetData } from "~/integrations/widgets.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `View as · ${data?.board.title ?? "Board"} · Porch` }];

/** Who `?user=`, `?group=` or `?group=guest` names; null when nothing (or nothing well formed) is asked. */
function chosen(search: URLSearchParams): ViewAs | null {
  const user = (search.get("user") ?? "").trim().slice(0, 64);
  const group = search.get("group") ?? "";
  if (user) return { user };
  if (group === "guest") return { guest: true };
  return isUuid(group) ? { group } : null;
}

/**
 * The board as someone else sees it (issue #22), for its full-level owners and administrators: read-only,
 * widgets without their data (each person's widgets show what their own access allows), audited.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { board } = await authorize(args, "routes/boards.$name.view-as");
  const { request, context } = args;
  const search = new URL(request.url).searchParams;
  const asker = askerOf(context.actor);
  const as = chosen(search);
  const viewed = as ? await viewBoardAs(getSql(), board.id, as, asker) : null;
  if (viewed) await recordChange(getSql(), auditActorFrom(context), "board.viewed-as", { type: "board", id: board.id }, { as: viewed.who });
  // Widgets show no data here: each person's show what their own access allows.
  const shown = viewed ? shownItems(viewed) : null;
  const items = shown ? withoutWidgetData(shown, "Its data isn't shown in View as.") : [];
  return {
    board: { name: board.name, title: board.title },
    groups: await audienceGroupChoices(getSql(), board.id, asker, "full"),
    asked: { user: search.get("user") ?? "", group: search.get("group") ?? "" },
    unknown: as !== null && viewed === null,
    viewed: viewed && { who: viewed.who, level: viewed.level, items, leftOut: shown?.leftOut ?? 0 },
  };
}

export default function ViewAsPage() {
  const { board, groups, asked, unknown, viewed } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <PageHeader
        title={`View as · ${board.title}`}
        crumbs={[
          { to: "/boards", label: "Boards" },
          { to: `/boards/${board.name}`, label: board.title },
        ]}
        current="View as"
      />
      <Form method="get" className="flex flex-wrap items-end gap-3">
        <label className="text-sm">
          <span className="block font-medium text-slate-700">A person (username)</span>
          <input name="user" defaultValue={asked.user} autoComplete="off" maxLength={64} className={INLINE_CONTROL} />
        </label>
        <label className="text-sm">
          <span className="block font-medium text-slate-700">Or a member of a group</span>
          <select name="group" defaultValue={asked.group} className={INLINE_CONTROL}>
            <option value="">(choose)</option>
            <option value="guest">a guest (not signed in)</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </label>
        <Button variant="secondary">View</Button>
      </Form>
      {unknown ? (
        <p className="text-sm text-slate-600" role="status">
          No one you can choose has that name, or that group isn&apos;t one you can choose.
        </p>
      ) : null}
      {viewed ? (
        <>
          <p role="status" className="rounded border border-sky-300 bg-sky-50 px-3 py-2 text-sm text-sky-900" data-testid="view-as-banner">
            You are seeing this board as <strong>{viewed.who}</strong> sees it ({viewed.level ? `access: ${viewed.level}` : "no access"}),
            read-only. Widgets don&apos;t show their data here: each person&apos;s show what their own access allows.
          </p>
          {viewed.leftOut ? (
            <p className="text-sm text-slate-600">
              {viewed.leftOut} item{viewed.leftOut === 1 ? " is" : "s are"} left out: limited to groups you can&apos;t see, so whether they
              see {viewed.leftOut === 1 ? "it" : "them"} isn&apos;t shown to you.
            </p>
          ) : null}
          {viewed.level ? (
            <BoardItems items={viewed.items} canModify={false} />
          ) : (
            <p className="text-sm text-slate-700">They can&apos;t open this board at all.</p>
          )}
        </>
      ) : null}
    </div>
  );
}
