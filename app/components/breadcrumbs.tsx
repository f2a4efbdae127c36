import { Link } from "@remix-run/react";

export type Crumb = { to: string; label: string };

/**
 * Where a page sits, for pages below a list (issue #19 item 8): "Manage › Users › alice". The trail's
 * pages are links; the page itself is the last item, marked current (WAI-ARIA breadcrumb pattern).
 */
export function Breadcrumbs({ trail, current }: { trail: Crumb[]; current: string }) {
  return (
    <nav aria-label="Breadcrumb" className="mb-1 text-sm text-slate-600">
      <ol className="flex min-w-0 flex-wrap items-center gap-x-1">
        {trail.map((c) => (
          <li key={c.to} className="flex items-center gap-x-1">
            <Link to={c.to} className="underline hover:text-slate-900">
              {c.label}
            </Link>
            <span aria-hidden="true">›</span>
          </li>
        ))}
        <li aria-current="page" className="min-w-0 truncate">
          {current}
        </li>
      </ol>
    </nav>
  );
}
