import type { LoaderFunctionArgs } from "@remix-run/node";
import { openApiDocument } from "~/api/openapi";
import { getConfig } from "~/config.server";
import { publicOrigin } from "~/server/origin.server";

/** GET /api/openapi.json: generated from the same schemas the endpoints validate with. */
export async function loader({ request }: LoaderFunctionArgs) {
  return Response.json(openApiDocument(publicOrigin(request, getConfig())), { headers: { "Cache-Control": "no-cache" } });
}
