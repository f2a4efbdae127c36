import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { BoardList } from "~/components/board-list";
import { LinkButton, Notice, PageHeader, Pagination } from "~/components/ui";
import { getSql } from "~/db.server";
import { levelOfRank } from "~/permissions/boards";
import { listVisibleBoards } from "~/permissions/boards.server";
import { hasPermission } from "~/auth/actor.server";
import { takeFlash } from "~/utils/flash.server";
import { pageParam } from "~/utils/query-values";

export const meta: MetaFunction = () => [{ title: "Boards · Porch" }];

const BOARDS_PAGE_SIZE = 50;

export async function loader(args: LoaderFunctionArgs) {
  // Guests see the public boards while guest access is on; otherwise this page is for signed-in people.
  const { actor, subject } = await authorize(args, "routes/boards._index");
  const { request } = args;
  const params = new URL(request.url).searchParams;
  const q = (params.get("q") ?? "").trim().slice(0, 100);
  const page = pageParam(params);
  const { boards, total } = await listVisibleBoards(getSql(), subject, {
    search: q,
    limit: BOARDS_PAGE_SIZE,
    offset: (page - 1) * BOARDS_PAGE_SIZE,
  });
  const { notice, init } = await takeFlash(request);
  return data(
    {
      q,
      page,
      total,
      pageCount: Math.max(1, Math.ceil(total / BOARDS_PAGE_SIZE)),
      boards: boards.map((b) => ({ name: b.name, title: b.title, isPublic: b.isPublic, access: levelOfRank(b.rank) })),
      canCreate: hasPermission(actor, "board-create"),
      guest: !subject.signedIn,
      notice,
    },
    init,
  );
}

export default function BoardsPage() {
  const { q, page, pageCount, total, boards, canCreate, guest, notice } = useLoaderData<typeof loader>();
  const href = (p: number) => `?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;
  return (
    <div className="space-y-4">
      <PageHeader title="Boards">{canCreate ? <LinkButton to="/boards/new">New board</LinkButton> : null}</PageHeader>
      <Notice>{notice}</Notice>
      {guest ? (
        <p className="text-sm text-slate-600">
          You are seeing the public boards.{" "}
          <Link to="/auth/login?redirectTo=%2Fboards" className="underline">
            Sign in
          </Link>{" "}
          for yours.
        </p>
      ) : null}
      <Form method="get" className="flex gap-2" role="search">
        <label htmlFor="q" className="sr-only">
          Search boards
        </label>
        <input
          id="q"
          name="q"
          type="search"
          defaultValue={q}
          placeholder="Search by name or title"
          className="w-full max-w-sm rounded border border-slate-300 px-3 py-1.5"
        />
        <button type="submit" className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm">
          Search
        </button>
      </Form>
      <p className="text-sm text-slate-600">
        {/* The search stays in its field; the page never repeats it as its own words. */}
        {total} {total === 1 ? "board" : "boards"}
        {q ? " match your search" : ""}
      </p>
      <BoardList
        boards={boards}
        empty={
          q
            ? "No board matches."
            : canCreate
              ? "No boards yet: create the first one."
              : "No boards to show yet. Someone with access can share one with you."
        }
      />
      <Pagination page={page} pageCount={pageCount} href={href} />
    </div>
  );
}
