import { useEffect, useState, type ReactNode } from "react";

/**
 * Parts of a page that only some of its visitors use, kept out of the page's scripts (issue #18): a
 * board's item forms bring Conform and valibot (13 KB) that its viewers never need. The server renders
 * a part in full (no JavaScript needed); a browser loads its script when the page shows it: before
 * hydration for the parts in the HTML (`data-part`), so the first render matches it; later for a part
 * that appears later (switching to edit mode).
 */
const LOADERS = {
  "board-forms": () => import("./board-item-forms"),
};
type Parts = { [K in keyof typeof LOADERS]: Awaited<ReturnType<(typeof LOADERS)[K]>> };
export type PartName = keyof Parts;

const loaded: Partial<Parts> = {};

/** Loads a part's module once; later calls get the same module. */
export async function loadPart<K extends PartName>(name: K): Promise<Parts[K]> {
  return (loaded[name] ??= (await LOADERS[name]()) as Partial<Parts>[K]) as Parts[K];
}

/** The parts the server rendered in `root`, loaded. */
async function loadRenderedParts(root: ParentNode): Promise<void> {
  const names = [...root.querySelectorAll<HTMLElement>("[data-part]")].map((element) => element.dataset.part);
  await Promise.all(names.filter((name): name is PartName => !!name && name in LOADERS).map(loadPart));
}

// The server renders every part from its first request: a page in edit mode never waits on a script.
// In the browser this module is evaluated with the first page that uses a part, before hydration (Remix
// imports the route modules first): the parts that page's HTML holds load now, so hydration renders them.
if (import.meta.env.SSR) await Promise.all((Object.keys(LOADERS) as PartName[]).map(loadPart));
else await loadRenderedParts(document);

/** Starts fetching a part's script ahead (a pointer on its way to the link that shows it); a failure waits for Part. */
export const prefetchPart = (name: PartName) => void loadPart(name).catch(() => {});

/**
 * Renders `children` with the part's module once it is loaded (at once on the server and after
 * hydration); nothing while a browser fetches it. `display: contents` leaves the layout to the children.
 */
export function Part<K extends PartName>({ name, children }: { name: K; children: (part: Parts[K]) => ReactNode }) {
  const [part, setPart] = useState(() => loaded[name] ?? null);
  useEffect(() => {
    // A script that can't be fetched (a deploy replaced it, the network dropped): the page again as a
    // document, whose server-rendered part works without it.
    if (!part) loadPart(name).then(setPart, () => window.location.reload());
  }, [name, part]);
  return part ? (
    <div data-part={name} className="contents">
      {children(part as Parts[K])}
    </div>
  ) : null;
}
