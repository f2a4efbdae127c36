import { Link, Outlet, useLocation } from "@remix-run/react";
import { Fragment, type ReactNode } from "react";

export interface NavSection {
  to: string;
  label: string;
  /** Only the page itself, not the pages under it. */
  end?: boolean;
  /** Pages under `to` that are other sections' (Users is not highlighted on Groups). */
  except?: string[];
  /** A heading the section is listed under; sections of one group are next to each other. */
  group?: string;
}

/** Whether a section is the one the page belongs to: its own page, or one under it not claimed by another. */
export function sectionIsActive(pathname: string, { to, end, except = [] }: NavSection): boolean {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === to) return true;
  if (end || !path.startsWith(`${to}/`)) return false;
  return !except.some((e) => path === e || path.startsWith(`${e}/`));
}

/**
 * An area with its sections listed on the side (Manage, My account) and the open page beside them;
 * `children` in place of the page when the page was refused (the layout's error boundary). Below 768 px
 * the sections are a row of tabs that scrolls sideways instead of a list pushing the page down.
 */
export function SideNavLayout({ label, sections, children }: { label: string; sections: NavSection[]; children?: ReactNode }) {
  const { pathname } = useLocation();
  const page = <div className="min-w-0">{children ?? <Outlet />}</div>;
  if (!sections.length) return page;
  return (
    <div className="grid gap-4 md:grid-cols-[12rem_1fr] md:gap-6">
      <nav
        aria-label={label}
        className="-mx-4 flex min-w-0 gap-1 overflow-x-auto whitespace-nowrap px-4 md:mx-0 md:block md:space-y-1 md:whitespace-normal md:px-0"
      >
        {sections.map((s, i) => (
          <Fragment key={s.to}>
            {s.group && s.group !== sections[i - 1]?.group ? (
              <p className="hidden px-3 pt-2 text-xs font-semibold uppercase tracking-wide text-slate-500 md:block">{s.group}</p>
            ) : null}
            <Link
              to={s.to}
              aria-current={sectionIsActive(pathname, s) ? "page" : undefined}
              className="block rounded px-3 py-1.5 text-sm hover:bg-slate-200 aria-[current=page]:bg-slate-900 aria-[current=page]:text-white"
            >
              {s.label}
            </Link>
          </Fragment>
        ))}
      </nav>
      {page}
    </div>
  );
}
