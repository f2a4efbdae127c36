import { createRequire } from "node:module";

/**
 * React Router 6's `matchRoutes` flattens, ranks and compiles every route on every call, and a page
 * request calls it four to five times (Remix's route lookup, the partial manifest of lazy route
 * discovery once per parent path, React Router's <Routes>): about a fifth of the server's CPU per page
 * at our 56 routes (issue #18's profile). React Router 7 precomputes the branches; Remix 2 never will.
 * On the server the route tree never changes, so the answer for a (routes, pathname, basename) is
 * always the same: remember it (ADR 030). The browser's tree grows as routes are discovered; this file
 * is never in its bundle.
 */
type Route = { id?: string; path?: string; index?: boolean; caseSensitive?: boolean; children?: Route[] };
type Match = { params: Record<string, string | undefined>; pathname: string; pathnameBase: string; route: Route };
type MatchRoutes = (routes: Route[], location: string | { pathname?: string }, basename?: string) => Match[] | null;
type RouterModule = { matchRoutes: MatchRoutes & { memoized?: true; original?: MatchRoutes } };
/** A match without its route object: the same for every copy of the same tree. */
type Remembered = { params: Match["params"]; pathname: string; pathnameBase: string; routeId: string };
/** What a tree is for matching (its shape, as a string) and its routes by id. */
type Tree = { shape: number; byId: Map<string, Route> | null };

/** Distinct paths remembered before starting over (unbounded paths come from strangers). */
export const REMEMBERED_PATHS = 1_000;

/** The pathname matchRoutes would read: a string location is cut at its search or hash, as parsePath does. */
function pathOf(location: string | { pathname?: string }): string {
  if (typeof location !== "string") return location.pathname || "/";
  const cut = location.search(/[?#]/);
  return (cut === -1 ? location : location.slice(0, cut)) || "/";
}

/**
 * Remix builds a new copy of the route tree for each page it renders, so trees are told apart by
 * their shape (what matching reads: ids, paths, index and case flags), not by identity. A tree with a
 * route lacking an id (never in Remix) is not remembered.
 */
const shapes = new Map<string, number>();
function describe(routes: Route[]): Tree {
  const byId = new Map<string, Route>();
  let shape = "";
  let complete = true;
  const walk = (list: Route[]) => {
    for (const r of list) {
      if (typeof r.id !== "string" || byId.has(r.id)) complete = false;
      else byId.set(r.id, r);
      shape += `${r.id}\u0001${r.path ?? ""}\u0001${r.index ? 1 : 0}${r.caseSensitive ? 1 : 0}[`;
      if (r.children) walk(r.children);
      shape += "]";
    }
  };
  walk(routes);
  // Shapes are few (one per kind of tree Remix builds), so a number stands for each.
  if (!shapes.has(shape)) shapes.set(shape, shapes.size);
  return { shape: shapes.get(shape) as number, byId: complete ? byId : null };
}

export function memoizeMatchRoutes(original: MatchRoutes): MatchRoutes & { memoized: true; original: MatchRoutes } {
  const trees = new WeakMap<Route[], Tree>();
  const remembered = new Map<string, Remembered[] | null>();
  const memo = (routes: Route[], location: string | { pathname?: string }, basename = "/") => {
    let tree = trees.get(routes);
    if (!tree) trees.set(routes, (tree = describe(routes)));
    const { byId } = tree;
    if (!byId) return original(routes, location, basename);
    const key = `${basename}\u0000${pathOf(location)}\u0000${tree.shape}`;
    let found = remembered.get(key);
    if (found === undefined) {
      const matches = original(routes, location, basename);
      found =
        matches &&
        matches.map(({ params, pathname, pathnameBase, route }) => ({
          params: { ...params },
          pathname,
          pathnameBase,
          routeId: route.id as string,
        }));
      if (remembered.size >= REMEMBERED_PATHS) remembered.clear();
      remembered.set(key, found);
      return matches;
    }
    // Each caller gets its own objects (a caller could change them), with this tree's routes.
    return (
      found &&
      found.map(({ params, pathname, pathnameBase, routeId }) => ({
        params: { ...params },
        pathname,
        pathnameBase,
        route: byId.get(routeId) as Route,
      }))
    );
  };
  return Object.assign(memo, { memoized: true as const, original });
}

/** Installs the memo on the module Remix and React Router call it through (CommonJS, one copy). */
export function installRouteMatchMemo(): void {
  const router = createRequire(import.meta.url)("@remix-run/router") as RouterModule;
  if (router.matchRoutes.memoized) return;
  router.matchRoutes = memoizeMatchRoutes(router.matchRoutes);
}

installRouteMatchMemo();
