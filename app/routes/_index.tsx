import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Refusal } from "~/permissions/refusal.server";
import { authorize } from "~/permissions/authorize.server";
import { Link, useLoaderData } from "@remix-run/react";
import { BoardList } from "~/components/board-list";
import { BoardItems } from "~/components/board-view";
import { LinkButton, PageHeader } from "~/components/ui";
import { getSql } from "~/db.server";
import { loadWidgets } from "~/integrations/widgets.server";
import { itemsShownTo } from "~/models/board-items.server";
import { resolveHomeBoard } from "~/models/home-board.server";
import { boardAllows, boardLevelOf, levelOfRank } from "~/permissions/boards";
import { listVisibleBoards } from "~/permissions/board-list.server";
import { hasPermission } from "~/auth/actor.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.home ? `${data.home.title} · Porch` : "Welcome · Porch" }];

/**
 * `/` is the viewer's home board (see resolveHomeBoard), else the one board they can open if there is
 * only one, else a page of the boards they can open.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { actor, subject } = await authorize(args, "routes/_index");
  const { request } = args;
  const sql = getSql();
  const home = await resolveHomeBoard(sql, subject);
  if (home) {
    const level = boardLevelOf(subject, home).level;
    return {
      home: { name: home.name, title: home.title, level, canModify: boardAllows(level, "modify") },
      items: await loadWidgets(sql, subject, await itemsShownTo(sql, home.id, subject, level), request.signal),
      boards: [],
      canCreate: false,
    };
  }
  if (!subject.signedIn) throw new Refusal("sign-in");
  const { boards } = await listVisibleBoards(sql, subject, { limit: 20 });
  // Nobody chose a home and there is one board to see (a new install's first board): that is home.
  const [only] = boards;
  if (boards.length === 1) {
    const level = levelOfRank(only.rank);
    return {
      home: { name: only.name, title: only.title, level, canModify: boardAllows(level, "modify") },
      items: await loadWidgets(sql, subject, await itemsShownTo(sql, only.id, subject, level), request.signal),
      boards: [],
      canCreate: false,
    };
  }
  return {
    home: null,
    items: [],
    boards: boards.map((b) => ({ name: b.name, title: b.title, isPublic: b.isPublic, access: levelOfRank(b.rank) })),
    canCreate: hasPermission(actor, "board-create"),
  };
}

export default function Home() {
  const { home, items, boards, canCreate } = useLoaderData<typeof loader>();
  if (home) {
    return (
      <div className="space-y-6">
        <PageHeader title={home.title}>
          <Link to={home.canModify ? `/boards/${home.name}?mode=edit` : `/boards/${home.name}`} className="px-2 py-1.5 text-sm underline">
            {home.canModify ? "Edit this board" : "Open as a page"}
          </Link>
          <Link to="/boards" className="px-2 py-1.5 text-sm underline">
            All boards
          </Link>
        </PageHeader>
        <BoardItems items={items} canModify={false} recheckAction={`/boards/${home.name}`} />
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <PageHeader title="Welcome">{canCreate ? <LinkButton to="/boards/new">New board</LinkButton> : null}</PageHeader>
      <p className="text-slate-600">
        No home board is set for you yet. Choose one in{" "}
        <Link to="/settings" className="underline">
          My account
        </Link>
        , or open a board below.
      </p>
      <BoardList
        boards={boards}
        empty={canCreate ? "No boards yet: create the first one." : "No boards to show yet. Someone with access can share one with you."}
      />
      {boards.length === 20 ? (
        <Link to="/boards" className="text-sm underline">
          All boards →
        </Link>
      ) : null}
    </div>
  );
}
