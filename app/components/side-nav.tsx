import { NavLink, Outlet } from "@remix-run/react";
import type { ReactNode } from "react";

export interface NavSection {
  to: string;
  label: string;
  end?: boolean;
}

/**
 * An area with its sections listed on the side (Manage, My account) and the open page beside them;
 * `children` in place of the page when the page was refused (the layout's error boundary).
 */
export function SideNavLayout({ label, sections, children }: { label: string; sections: NavSection[]; children?: ReactNode }) {
  return (
    <div className="grid gap-6 md:grid-cols-[12rem_1fr]">
      <nav aria-label={label} className="space-y-1">
        {sections.map((s) => (
          <NavLink
            key={s.to}
            to={s.to}
            end={s.end}
            className={({ isActive }) => `block rounded px-3 py-1.5 text-sm ${isActive ? "bg-slate-900 text-white" : "hover:bg-slate-200"}`}
          >
            {s.label}
          </NavLink>
        ))}
      </nav>
      <div className="min-w-0">{children ?? <Outlet />}</div>
    </div>
  );
}
