import { TabbedHeader } from "./tabbed-header";

/** The header of a board's settings: General and Access tabs, and the way back (Boards › the board). */
export function BoardSettingsHeader({ board }: { board: { name: string; title: string } }) {
  const base = `/boards/${board.name}`;
  return (
    <TabbedHeader
      title={`Settings · ${board.title}`}
      crumbs={[
        { to: "/boards", label: "Boards" },
        { to: base, label: board.title },
      ]}
      current="Settings"
      label="Board settings"
      tabs={[
        { to: `${base}/settings`, label: "General", end: true },
        { to: `${base}/settings/access`, label: "Access" },
        { to: `${base}/settings/display`, label: "Display links" },
        { to: `${base}/view-as`, label: "View as…" },
      ]}
    />
  );
}
