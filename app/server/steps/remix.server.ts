import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/server-runtime";
import type { PorchContext } from "~/load-context";
import { ROUTE_TABLE } from "~/routes.table";
import { guardRoutes, type RouteTableLike } from "../route-guard.server";

export interface RemixHandler {
  (request: Request, context: PorchContext): Promise<Response>;
  /**
   * The guarded loader of resource route `id`, called without Remix's router around it: for routes on
   * every request to other apps (forward auth, issue #20), where matching and Remix's copies of the
   * request were a third of the check's CPU. The route table and authorize() still apply (the guard).
   */
  resource(id: string): ((request: Request, context: PorchContext) => Promise<Response>) | undefined;
}

type ResourceLoader = (args: { request: Request; params: Record<string, string>; context: AppLoadContext }) => Promise<unknown>;

/**
 * Remix over the app's routes: what every loader and action is called through, with the pipeline's
 * context, each guarded by the route table (route-guard.server.ts).
 */
export function remixHandler(build: ServerBuild, mode: string, table: RouteTableLike = ROUTE_TABLE): RemixHandler {
  const guarded = guardRoutes(build, table);
  const handle = createRequestHandler(guarded, mode);
  const remix = (request: Request, context: PorchContext) => handle(request, context as unknown as AppLoadContext);
  const resource = (id: string) => {
    const route = guarded.routes[id];
    const loader = route?.module.loader as ResourceLoader | undefined;
    // A resource route only: a page's loader answers data that Remix renders, not a Response.
    if (!loader || route.module.default) return undefined;
    return async (request: Request, context: PorchContext) => {
      try {
        const answer = await loader({ request, params: {}, context: context as unknown as AppLoadContext });
        if (answer instanceof Response) return answer;
        throw new Error(`The resource route "${id}" answered something other than a Response.`);
      } catch (thrown) {
        // A refusal (the guard turns a Refusal into one) or a redirect, as Remix would send it.
        if (thrown instanceof Response) return thrown;
        throw thrown;
      }
    };
  };
  return Object.assign(remix, { resource });
}
