import { parseWithValibot } from "@conform-to/valibot";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { BoardSettingsHeader } from "~/components/board-tabs";
import { FormErrors } from "~/components/form-errors";
import { OneTimeLink } from "~/components/one-time-link";
import { Button, formatDate, INLINE_CONTROL, Notice, Section, TableBox } from "~/components/ui";
import { getSql } from "~/db.server";
import { DISPLAY_EXPIRIES, NewDisplayLinkSchema, RevokeDisplayLinkSchema } from "~/forms/display-links";
import { auditActorFrom } from "~/models/audit.server";
import { createDisplayLink, listDisplayLinks, revokeDisplayLink, TooManyDisplayLinksError } from "~/models/display-links.server";
import { authorize } from "~/permissions/authorize.server";
import { Refusal } from "~/permissions/refusal.server";
import { DAY } from "~/utils/time";
import { redirectWithFlash, takeFlash } from "~/utils/flash.server";
import { intentOf } from "~/utils/form-reply.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Display links · ${data?.board.title ?? "Board"} · Porch` }];

export async function loader(args: LoaderFunctionArgs) {
  const { board } = await authorize(args, "routes/boards.$name.settings.display");
  const { notice, init } = await takeFlash(args.request);
  const links = await listDisplayLinks(getSql(), board.id);
  return data({ board: { name: board.name, title: board.title }, links, notice }, init);
}

type Answer = { intent: string; error?: string; url?: string };

export async function action(args: ActionFunctionArgs) {
  const { board, actor } = await authorize(args, "routes/boards.$name.settings.display");
  if (actor.kind === "guest") throw new Refusal("sign-in");
  const { request, context } = args;
  const form = await request.formData();
  const intent = intentOf(form);
  const audit = auditActorFrom(context);
  if (intent === "revoke") {
    const s = parseWithValibot(form, { schema: RevokeDisplayLinkSchema });
    if (s.status !== "success" || !(await revokeDisplayLink(getSql(), audit, board.id, s.value.id)))
      return data<Answer>({ intent, error: "That display link is gone already." }, { status: 400 });
    return redirectWithFlash(`/boards/${board.name}/settings/display`, "display-link-revoked");
  }
  if (intent !== "create") return data<Answer>({ intent, error: "Unknown action." }, { status: 400 });
  const s = parseWithValibot(form, { schema: NewDisplayLinkSchema });
  if (s.status !== "success")
    return data<Answer>(
      {
        intent,
        error: Object.values(s.error ?? {})
          .flat()
          .join(" "),
      },
      { status: 400 },
    );
  const days = DISPLAY_EXPIRIES[s.value.expires];
  try {
    const { token } = await createDisplayLink(getSql(), { ...audit, userId: actor.user.id }, board.id, {
      name: s.value.name,
      expiresAt: days === null ? null : new Date(Date.now() + days * DAY),
      widgetsAsCreator: s.value.widgets,
      refreshSeconds: Number(s.value.refresh),
    });
    return data<Answer>({ intent, url: `${context.origin}/display/${token}` });
  } catch (error) {
    if (error instanceof TooManyDisplayLinksError) return data<Answer>({ intent, error: error.message }, { status: 400 });
    throw error;
  }
}

const EXPIRY_WORDS: Record<keyof typeof DISPLAY_EXPIRIES, string> = {
  never: "Until revoked",
  "1d": "1 day",
  "7d": "7 days",
  "30d": "30 days",
  "365d": "1 year",
};
const REFRESH_WORDS: Record<string, string> = {
  "60": "every minute",
  "300": "every 5 minutes",
  "900": "every 15 minutes",
  "3600": "every hour",
};

export default function DisplayLinksPage() {
  const { board, links, notice } = useLoaderData<typeof loader>();
  const answer = useActionData<Answer>();
  return (
    <div className="space-y-6">
      <BoardSettingsHeader board={board} />
      <Notice>{notice}</Notice>
      <p className="text-sm text-slate-600">
        A display link shows this board read-only to whoever has its address, without signing in: for a wall tablet or a TV. It shows only
        the items everyone who sees the board sees, never edit controls, and reloads itself. It stops working when you revoke it, when it
        expires, or when whoever made it no longer has full access to the board.
      </p>
      <Section title="New display link">
        {answer?.url ? <OneTimeLink id="display-link" link={answer.url} /> : null}
        <Form method="post" className="space-y-3" aria-label="New display link">
          <input type="hidden" name="intent" value="create" />
          <FormErrors errors={answer?.intent === "create" && answer.error ? [answer.error] : undefined} />
          <label className="block text-sm">
            <span className="block font-medium text-slate-700">Name</span>
            <input name="name" required maxLength={100} placeholder="Kitchen tablet" autoComplete="off" className={INLINE_CONTROL} />
          </label>
          <label className="block text-sm">
            <span className="block font-medium text-slate-700">Works for</span>
            <select name="expires" defaultValue="never" className={INLINE_CONTROL}>
              {Object.entries(EXPIRY_WORDS).map(([value, words]) => (
                <option key={value} value={value}>
                  {words}
                </option>
              ))}
            </select>
          </label>
          <label className="block text-sm">
            <span className="block font-medium text-slate-700">Reloads</span>
            <select name="refresh" defaultValue="300" className={INLINE_CONTROL}>
              {Object.entries(REFRESH_WORDS).map(([value, words]) => (
                <option key={value} value={value}>
                  {words}
                </option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="widgets" />
            Show widget data as me (checked on every reload: it stops when I can no longer use an integration)
          </label>
          <Button>Create display link</Button>
        </Form>
      </Section>
      <Section title="Display links">
        {links.length ? (
          <TableBox label="Display links">
            <table className="w-full text-left text-sm">
              <thead>
                <tr>
                  <th className="p-2">Name</th>
                  <th className="p-2">Widgets</th>
                  <th className="p-2">Expires</th>
                  <th className="p-2">Last used</th>
                  <th className="p-2">Made by</th>
                  <th className="p-2">
                    <span className="sr-only">Revoke</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {links.map((l) => (
                  <tr key={l.id} className="border-t border-slate-200">
                    <td className="p-2">{l.name}</td>
                    <td className="p-2">{l.widgetsAsCreator ? "with data" : "without data"}</td>
                    <td className="p-2">{l.expiresAt ? formatDate(l.expiresAt) : "Until revoked"}</td>
                    <td className="p-2">{l.lastUsedAt ? `${formatDate(l.lastUsedAt)} from ${l.lastUsedIp ?? "?"}` : "Never"}</td>
                    <td className="p-2">{l.creator ?? "(deleted)"}</td>
                    <td className="p-2">
                      <Form method="post">
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="id" value={l.id} />
                        <button
                          type="submit"
                          aria-label={`Revoke ${l.name}`}
                          className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100"
                        >
                          Revoke
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableBox>
        ) : (
          <p className="text-sm text-slate-600">No display links yet.</p>
        )}
      </Section>
    </div>
  );
}
