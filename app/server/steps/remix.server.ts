import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/server-runtime";
import type { PorchContext } from "~/load-context";

export type RemixHandler = (request: Request, context: PorchContext) => Promise<Response>;

/** Remix over the app's routes: what every loader and action is called through, with the pipeline's context. */
export function remixHandler(build: ServerBuild, mode: string): RemixHandler {
  const handle = createRequestHandler(build, mode);
  return (request, context) => handle(request, context as unknown as AppLoadContext);
}
