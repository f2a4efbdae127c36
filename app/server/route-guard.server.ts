import type { ServerBuild } from "@remix-run/server-runtime";
import type { RouteCall } from "~/load-context";
import { Refusal } from "~/permissions/refusal.server";
import { ROUTE_TABLE, type Method, type RouteEntry } from "~/routes.table";
import { answerRefusal } from "./refusal-answer.server";
import { isDatabaseDown } from "./unavailable.server";

/** The route table, or (for a test's own routes) one like it. */
export type RouteTableLike = Readonly<Record<string, RouteEntry>>;

type DataFunction = (args: { request: Request; context: Record<string, unknown>; params: unknown }) => unknown;

/**
 * The build with every loader and action guarded: each call learns its route id and method (which
 * authorize() checks and uses), must call authorize() before it answers, and has a Refusal thrown later
 * (by a model, or a grant's need()) turned into its answer, and a lost database connection into a 503. A route missing from the route table stops
 * the server at start: nobody said who may use it.
 */
export function guardRoutes(build: ServerBuild, table: RouteTableLike = ROUTE_TABLE): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const entry = table[id];
    if (!entry) throw new Error(`Route "${id}" is not in app/routes.table.ts: say there who may use it.`);
    const module = { ...route.module };
    if (module.loader) module.loader = guard(id, entry, "loader", module.loader as DataFunction) as typeof module.loader;
    if (module.action) module.action = guard(id, entry, "action", module.action as DataFunction) as typeof module.action;
    routes[id] = { ...route, module };
  }
  return { ...build, routes };
}

function guard(id: string, entry: RouteEntry, kind: "loader" | "action", fn: DataFunction): DataFunction {
  return async (args) => {
    const method = (kind === "loader" ? "GET" : args.request.method) as Method;
    const call: RouteCall = { id, method, authorized: false };
    try {
      const result = await fn({ ...args, context: { ...args.context, route: call } });
      if (!call.authorized) throw new Error(`The ${kind} of route "${id}" answered without calling authorize() first.`);
      return result;
    } catch (error) {
      if (error instanceof Refusal) throw answerRefusal(error, args.request, Boolean(entry.api));
      // The connection broke mid-request: a 503 even if PostgreSQL answers again by the time the
      // pipeline could ask (a restart), never a 500.
      if (isDatabaseDown(error)) throw answerRefusal(new Refusal("unavailable"), args.request, Boolean(entry.api));
      throw error;
    }
  };
}
