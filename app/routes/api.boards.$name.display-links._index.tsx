import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { jsonError, readJson } from "~/api/json.server";
import { getSql } from "~/db.server";
import { ApiNewDisplayLinkSchema } from "~/forms/display-links";
import { auditActorFrom } from "~/models/audit.server";
import { createDisplayLink, listDisplayLinks, TooManyDisplayLinksError } from "~/models/display-links.server";
import { authorize } from "~/permissions/authorize.server";
import { Refusal } from "~/permissions/refusal.server";

/** GET: the board's display links (never their tokens), for its full-level owners. */
export async function loader(args: LoaderFunctionArgs) {
  const { board } = await authorize(args, "routes/api.boards.$name.display-links._index");
  const links = await listDisplayLinks(getSql(), board.id);
  return Response.json(
    links.map((l) => ({
      id: l.id,
      name: l.name,
      createdBy: l.creator,
      widgetsAsMe: l.widgetsAsCreator,
      refreshSeconds: l.refreshSeconds,
      expiresAt: l.expiresAt,
      createdAt: l.createdAt,
      lastUsedAt: l.lastUsedAt,
      lastUsedIp: l.lastUsedIp,
    })),
  );
}

/** POST: a new display link; its URL is in this answer only. */
export async function action(args: ActionFunctionArgs) {
  const { board, actor } = await authorize(args, "routes/api.boards.$name.display-links._index");
  if (actor.kind === "guest") throw new Refusal("sign-in");
  const { request, context } = args;
  const input = await readJson(request, ApiNewDisplayLinkSchema);
  // A key that doesn't act as its owner carries none of their access: it can't lend it to a display (attack33).
  if (input.widgetsAsMe && actor.kind === "api-key" && !actor.apiKey.actAsOwner)
    return jsonError(400, "widgetsAsMe: this API key doesn't act as you, so it can't show widget data as you.");
  try {
    const { id, token } = await createDisplayLink(getSql(), { ...auditActorFrom(context), userId: actor.user.id }, board.id, {
      // Made with a key, the link ends with it.
      apiKeyId: actor.kind === "api-key" ? actor.apiKey.id : null,
      name: input.name,
      expiresAt: input.expiresAt,
      widgetsAsCreator: input.widgetsAsMe,
      refreshSeconds: input.refreshSeconds,
    });
    return Response.json({ id, url: `${context.origin}/display/${token}` }, { status: 201 });
  } catch (error) {
    if (error instanceof TooManyDisplayLinksError) return jsonError(409, error.message);
    throw error;
  }
}
