import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { BoardList } from "~/components/board-list";
import { CursorPagination } from "~/components/cursor-pagination";
import { LinkButton, Notice, PageHeader } from "~/components/ui";
import { getSql } from "~/db.server";
import { levelOfRank } from "~/permissions/boards";
import { listVisibleBoards } from "~/permissions/board-list.server";
import { hasPermission } from "~/auth/actor.server";
import { takeFlash } from "~/utils/flash.server";
import { decodeBoardCursor, encodeBoardCursor, InvalidCursorError } from "~/utils/list-cursor";

export const meta: MetaFunction = () => [{ title: "Boards · Porch" }];

const BOARDS_PAGE_SIZE = 50;

/** Which page: `?after=` (the next) or `?before=` (the previous), each an opaque cursor from this page's links. */
function cursorOf(params: URLSearchParams): { after?: string; before?: string } {
  const after = params.get("after");
  const before = params.get("before");
  if (after !== null && before !== null) throw new InvalidCursorError("after");
  if (after !== null) return { after: decodeBoardCursor(after, "after") };
  if (before !== null) return { before: decodeBoardCursor(before, "before") };
  return {};
}

export async function loader(args: LoaderFunctionArgs) {
  // Guests see the public boards while guest access is on; otherwise this page is for signed-in people.
  const { actor, subject } = await authorize(args, "routes/boards._index");
  const { request } = args;
  const params = new URL(request.url).searchParams;
  const q = (params.get("q") ?? "").trim().slice(0, 100);
  const { notice, init } = await takeFlash(request);
  const shared = { q, canCreate: hasPermission(actor, "board-create"), guest: !subject.signedIn, notice };
  let cursor: { after?: string; before?: string };
  try {
    cursor = cursorOf(params);
  } catch (error) {
    if (!(error instanceof InvalidCursorError)) throw error;
    return data(
      { ...shared, error: "That page link is broken or out of date.", boards: [], previous: null, next: null, first: false },
      { ...init, status: 400 },
    );
  }
  const { boards, more } = await listVisibleBoards(getSql(), subject, { search: q, limit: BOARDS_PAGE_SIZE, ...cursor });
  // A page after (before) a cursor has something before (after) it; the query says whether it has more beyond.
  const back = cursor.before !== undefined;
  const start = cursor.before ?? cursor.after ?? null;
  const firstName = boards[0]?.name ?? start;
  const lastName = boards[boards.length - 1]?.name ?? start;
  const hasPrevious = back ? more : start !== null;
  const hasNext = back ? true : more;
  return data(
    {
      ...shared,
      error: null,
      boards: boards.map((b) => ({ name: b.name, title: b.title, isPublic: b.isPublic, access: levelOfRank(b.rank) })),
      previous: hasPrevious && firstName ? encodeBoardCursor(firstName) : null,
      next: hasNext && lastName ? encodeBoardCursor(lastName) : null,
      first: start === null,
    },
    init,
  );
}

export default function BoardsPage() {
  const { q, boards, previous, next, first, canCreate, guest, notice, error } = useLoaderData<typeof loader>();
  const href = (page: Record<string, string>) => `?${new URLSearchParams({ ...(q ? { q } : {}), ...page })}`;
  const fromTheStart = href({});
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
          autoComplete="off"
          defaultValue={q}
          placeholder="Search by name or title"
          className="w-full max-w-sm rounded border border-slate-300 px-3 py-1.5"
        />
        <button type="submit" className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm">
          Search
        </button>
      </Form>
      {error ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {error}{" "}
          <Link to={fromTheStart} className="underline">
            Start from the first page
          </Link>
        </p>
      ) : (
        <BoardList
          boards={boards}
          empty={
            !first
              ? "No more boards this way."
              : q
                ? "No board matches."
                : canCreate
                  ? "No boards yet: create the first one."
                  : "No boards to show yet. Someone with access can share one with you."
          }
        />
      )}
      <CursorPagination previous={previous ? href({ before: previous }) : null} next={next ? href({ after: next }) : null} />
    </div>
  );
}
