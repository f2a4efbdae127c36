import { NavLink } from "@remix-run/react";
import type { Crumb } from "./breadcrumbs";
import { PageHeader } from "./ui";

/** A page title with the trail back (breadcrumbs) and tabs under it (a board's settings, an integration's pages). */
export function TabbedHeader({
  title,
  crumbs,
  current,
  label,
  tabs,
}: {
  title: string;
  crumbs: Crumb[];
  current: string;
  label: string;
  tabs: Array<{ to: string; label: string; end?: boolean }>;
}) {
  const tab = ({ isActive }: { isActive: boolean }) =>
    `rounded px-3 py-1.5 text-sm ${isActive ? "bg-slate-900 text-white" : "hover:bg-slate-200"}`;
  return (
    <>
      <PageHeader title={title} crumbs={crumbs} current={current} />
      <nav aria-label={label} className="-mt-3 flex gap-1">
        {tabs.map((t) => (
          <NavLink key={t.to} to={t.to} end={t.end} className={tab}>
            {t.label}
          </NavLink>
        ))}
      </nav>
    </>
  );
}
