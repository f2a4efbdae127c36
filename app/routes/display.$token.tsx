import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BoardItems } from "~/components/board-view";
import { getSql } from "~/db.server";
import { forDisplay } from "~/integrations/display-widgets.server";
import { loadWidgets, withoutWidgetData } from "~/integrations/widgets.server";
import { noteDisplayUse, openDisplay } from "~/models/display-links.server";
import { authorize } from "~/permissions/authorize.server";
import type { RouteHandle } from "~/utils/hydration";

// A display link (issue #22): the board read-only, full screen, refreshing itself without JavaScript.
export const handle: RouteHandle = { hydrate: false, bare: true };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? "Display"} · Porch` },
  ...(data?.refreshSeconds ? [{ httpEquiv: "refresh", content: String(data.refreshSeconds) } as const] : []),
  { name: "robots", content: "noindex" },
];

// The token is in the address: no page it links to learns it.
export const headers: HeadersFunction = ({ loaderHeaders }) => ({
  "Referrer-Policy": "no-referrer",
  ...(loaderHeaders.get("Retry-After") ? { "Retry-After": loaderHeaders.get("Retry-After")! } : {}),
});

export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/display.$token");
  const { params, context, request } = args;
  const sql = getSql();
  const opened = await openDisplay(sql, params.token ?? "");
  // The same answer for every reason: a wrong guess learns nothing. No reloading: nothing will change.
  if (!opened) return data({ state: "gone" as const, title: null, refreshSeconds: null, items: [] }, { status: 404 });
  if (!(await noteDisplayUse(sql, opened, context.client)))
    return data(
      { state: "busy" as const, title: opened.board.title, refreshSeconds: 60, items: [] },
      { status: 429, headers: { "Retry-After": "60" } },
    );
  const items = opened.link.widgetsAsCreator
    ? await loadWidgets(sql, opened.creator, opened.items, request.signal)
    : withoutWidgetData(opened.items, "Widget data isn't shown on this display.");
  return data({
    state: "shown" as const,
    title: opened.board.title,
    refreshSeconds: opened.link.refreshSeconds,
    items: forDisplay(items, { fetched: opened.link.widgetsAsCreator }),
  });
}

/** A display takes no forms: 405 from the route table, never an error page that repeats the address. */
export async function action(args: ActionFunctionArgs) {
  await authorize(args, "routes/display.$token");
  return new Response(null, { status: 405, headers: { Allow: "GET" } });
}

export default function Display() {
  const { state, title, items } = useLoaderData<typeof loader>();
  if (state !== "shown")
    return (
      <div className="mx-auto max-w-lg space-y-2 py-16 text-center">
        <h1 className="text-2xl font-semibold">
          {state === "gone" ? "This display link doesn't work" : "This display is reloading too often"}
        </h1>
        <p className="text-lg">
          {state === "gone"
            ? "It was revoked or it expired, or whoever made it can no longer share this board. Ask for a new one."
            : "It will try again in a minute."}
        </p>
      </div>
    );
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <BoardItems items={items} canModify={false} />
    </div>
  );
}
