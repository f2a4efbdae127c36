import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/server-runtime";
import type { PorchContext } from "~/load-context";
import { ROUTE_TABLE } from "~/routes.table";
import { guardRoutes, type RouteTableLike } from "../route-guard.server";

export type RemixHandler = (request: Request, context: PorchContext) => Promise<Response>;

/**
 * Remix over the app's routes: what every loader and action is called through, with the pipeline's
 * context, each guarded by the route table (route-guard.server.ts).
 */
export function remixHandler(build: ServerBuild, mode: string, table: RouteTableLike = ROUTE_TABLE): RemixHandler {
  const handle = createRequestHandler(guardRoutes(build, table), mode);
  return (request, context) => handle(request, context as unknown as AppLoadContext);
}
