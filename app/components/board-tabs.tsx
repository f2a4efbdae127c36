import { TabbedHeader } from "./tabbed-header";

/** The header of a board's settings: General and Access tabs, and the way back. */
export function BoardSettingsHeader({ board }: { board: { name: string; title: string } }) {
  const base = `/boards/${board.name}`;
  return (
    <TabbedHeader
      title={`Settings · ${board.title}`}
      back={{ to: base, label: "Back to the board" }}
      label="Board settings"
      tabs={[
        { to: `${base}/settings`, label: "General", end: true },
        { to: `${base}/settings/access`, label: "Access" },
      ]}
    />
  );
}
