import type { LoaderFunctionArgs } from "@remix-run/node";
import { answerForwardAuth } from "~/forward-auth/answer.server";
import { authorize } from "~/permissions/authorize.server";

/** GET /api/auth/forward-auth: Traefik forwardAuth and Caddy forward_auth (X-Forwarded-*): 200, 302 to sign in, or 403 (ADR 033). */
export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/api.auth.forward-auth");
  return answerForwardAuth(args.context, "forward-auth");
}
