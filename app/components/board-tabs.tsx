import { Link, NavLink } from "@remix-run/react";
import { PageHeader } from "./ui";

/** The header of a board's settings: General and Access tabs, and the way back. */
export function BoardSettingsHeader({ board }: { board: { name: string; title: string } }) {
  const tab = ({ isActive }: { isActive: boolean }) =>
    `rounded px-3 py-1.5 text-sm ${isActive ? "bg-slate-900 text-white" : "hover:bg-slate-200"}`;
  return (
    <>
      <PageHeader title={`Settings · ${board.title}`}>
        <Link to={`/boards/${board.name}`} className="px-2 py-1.5 text-sm underline">Back to the board</Link>
      </PageHeader>
      <nav aria-label="Board settings" className="-mt-3 flex gap-1">
        <NavLink to={`/boards/${board.name}/settings`} end className={tab}>General</NavLink>
        <NavLink to={`/boards/${board.name}/settings/access`} className={tab}>Access</NavLink>
      </nav>
    </>
  );
}
