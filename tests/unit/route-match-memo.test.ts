import { createRequire } from "node:module";
import { describe, expect, it, vi } from "vitest";
import { memoizeMatchRoutes, REMEMBERED_PATHS } from "~/server/route-match-memo.server";

type Route = { id: string; path?: string; index?: boolean; caseSensitive?: boolean; children?: Route[] };
type MatchRoutes = (routes: Route[], location: string | { pathname: string }, basename?: string) => unknown;
type StaticHandler = {
  query: (request: Request) => Promise<unknown>;
  queryRoute: (request: Request) => Promise<unknown>;
};
const router = createRequire(import.meta.url)("@remix-run/router") as {
  matchRoutes: MatchRoutes & { memoized?: boolean; original: MatchRoutes };
  createStaticHandler: (routes: unknown[]) => StaticHandler;
};
// React Router's own, to compare with.
const matchRoutes = router.matchRoutes.original;

/** A tree shaped like ours: a root, pathless layouts, index routes, params, a splat, an optional segment. */
function tree(): Route[] {
  return [
    {
      id: "root",
      path: "",
      children: [
        { id: "routes/_index", index: true },
        { id: "routes/boards._index", path: "boards", index: true },
        {
          id: "routes/boards.$name",
          path: "boards/:name",
          children: [
            { id: "routes/boards.$name._index", index: true },
            { id: "routes/boards.$name.edit", path: "edit" },
          ],
        },
        {
          id: "routes/manage",
          path: "manage",
          children: [
            { id: "routes/manage.users.$id", path: "users/:id" },
            { id: "routes/manage.users.new", path: "users/new" },
          ],
        },
        { id: "routes/_auth", children: [{ id: "routes/auth.login", path: "auth/login" }] },
        { id: "routes/docs.$", path: "docs/*" },
        { id: "routes/($lang).about", path: ":lang?/about" },
        { id: "routes/Case", path: "Case", caseSensitive: true },
      ],
    },
  ];
}
const paths = [
  "/",
  "/boards",
  "/boards/",
  "/boards/media",
  "/boards/media/edit",
  "/boards/a%20b",
  "/boards/%E2%82%AC",
  "/manage/users/new",
  "/manage/users/42",
  "/auth/login",
  "/auth/login?next=/x#h",
  "/docs/a/b/c",
  "/about",
  "/de/about",
  "/Case",
  "/case",
  "/nope",
  "//boards//media",
  "/boards/media?x=1",
  { pathname: "/boards/media" },
  { pathname: "" },
] as const;
const ids = (matches: unknown) => (matches as { route: Route }[] | null)?.map((m) => m.route.id) ?? null;

describe("route matching remembered on the server (ADR 030)", () => {
  it("is installed on the module Remix and React Router call", () => {
    expect(router.matchRoutes.memoized).toBe(true);
  });

  it("serves the static handler's own lookups, which Remix makes for every page and resource request", async () => {
    // React Router calls its matchRoutes directly inside the handler; patches/@remix-run+router+1.23.3.patch
    // sends those calls through the export, where the memo sits (issue #18: 14 % of an API request's CPU).
    const seen: string[] = [];
    const installed = router.matchRoutes;
    router.matchRoutes = Object.assign((routes: Route[], location: string | { pathname: string }, basename?: string) => {
      seen.push(typeof location === "string" ? location : location.pathname);
      return installed(routes, location, basename);
    }, installed);
    try {
      const handler = router.createStaticHandler([{ id: "api", path: "/api/me", loader: () => Response.json({ ok: true }) }]);
      await handler.queryRoute(new Request("http://localhost/api/me"));
      await handler.query(new Request("http://localhost/api/me"));
    } finally {
      router.matchRoutes = installed;
    }
    expect(seen).toEqual(["/api/me", "/api/me"]);
  });

  it("answers exactly what React Router answers, for every path and basename, with the caller's own tree", () => {
    const original = vi.fn(matchRoutes);
    const memo = memoizeMatchRoutes(original as never);
    const keys = new Set<string>();
    for (const basename of ["/", "/porch"]) {
      for (const path of paths) {
        const location = typeof path === "string" && basename !== "/" ? `${basename}${path}` : path;
        keys.add(`${basename}|${typeof location === "string" ? location.split(/[?#]/)[0] || "/" : location.pathname || "/"}`);
        const a = tree();
        const b = tree(); // another copy, as Remix builds one per page
        const expected = matchRoutes(a, location as never, basename);
        expect(memo(a as never, location as never, basename)).toEqual(expected);
        const again = memo(b as never, location as never, basename) as { route: Route }[] | null;
        expect(again).toEqual(matchRoutes(b, location as never, basename));
        // The routes handed back are the second tree's objects, not the first's.
        const own = matchRoutes(b, location as never, basename) as { route: Route }[] | null;
        again?.forEach((m, i) => expect(m.route).toBe(own?.[i].route));
      }
    }
    // Each (path, basename) computed once; the second copy of the tree was answered from memory.
    expect(original.mock.calls.length).toBe(keys.size);
  });

  it("hands each caller its own objects: changing one answer changes no later answer", () => {
    const memo = memoizeMatchRoutes(matchRoutes as never);
    const first = memo(tree() as never, "/boards/media") as { params: Record<string, string> }[];
    first[0].params.name = "changed";
    first.pop();
    expect(memo(tree() as never, "/boards/media")).toEqual(matchRoutes(tree(), "/boards/media"));
  });

  it("never mixes trees of another shape, even with the same route ids", () => {
    const memo = memoizeMatchRoutes(matchRoutes as never);
    const a = tree();
    expect(ids(memo(a as never, "/boards/media"))).toEqual(["root", "routes/boards.$name", "routes/boards.$name._index"]);
    const moved = tree();
    (moved[0].children as Route[])[2].path = "b/:name";
    expect(memo(moved as never, "/boards/media")).toBeNull();
    expect(ids(memo(moved as never, "/b/media"))).toEqual(["root", "routes/boards.$name", "routes/boards.$name._index"]);
  });

  it("leaves trees without unique ids to React Router every time", () => {
    const original = vi.fn(matchRoutes);
    const memo = memoizeMatchRoutes(original as never);
    const twins = [
      { id: "x", path: "a" },
      { id: "x", path: "b" },
    ];
    memo(twins as never, "/a");
    memo(twins as never, "/a");
    expect(original).toHaveBeenCalledTimes(2);
  });

  it("remembers a bounded number of paths, however many strangers invent", () => {
    const original = vi.fn(matchRoutes);
    const memo = memoizeMatchRoutes(original as never);
    const routes = tree();
    for (let i = 0; i < REMEMBERED_PATHS * 3; i++) memo(routes as never, `/boards/${i}`);
    expect(original).toHaveBeenCalledTimes(REMEMBERED_PATHS * 3);
    memo(routes as never, `/boards/${REMEMBERED_PATHS * 3 - 1}`); // still remembered: the latest ones survive
    expect(original).toHaveBeenCalledTimes(REMEMBERED_PATHS * 3);
  });
});
