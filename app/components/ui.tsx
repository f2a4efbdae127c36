import { Link, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Breadcrumbs, type Crumb } from "./breadcrumbs";

/** A page's title and its buttons; below a list, the trail back to it (`crumbs`, ending at this page). */
export function PageHeader({
  title,
  crumbs,
  current,
  children,
}: {
  title: string;
  crumbs?: Crumb[];
  current?: string;
  children?: ReactNode;
}) {
  return (
    <div className="mb-6">
      {crumbs ? <Breadcrumbs trail={crumbs} current={current ?? title} /> : null}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">{title}</h1>
        <div className="flex gap-2">{children}</div>
      </div>
    </div>
  );
}

/**
 * Every table's box: on a phone the table scrolls inside it and the page never scrolls sideways (issue
 * #19 item 2). `relative`: an sr-only header (position: absolute) is placed against this box and clipped
 * with the table; without it, it escaped to the page's edge and made the whole page scroll sideways.
 * A table without links or buttons passes `focusable`, so the keyboard can scroll it too.
 */
export function TableBox({ children, focusable, label }: { children: ReactNode; focusable?: boolean; label?: string }) {
  return (
    <div
      className="relative -mx-4 overflow-x-auto px-4 sm:mx-0 sm:px-0"
      {...(focusable ? { tabIndex: 0, role: "region", "aria-label": label } : {})}
    >
      {children}
    </div>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-3 rounded border border-slate-200 bg-white p-4">
      <h2 className="text-lg font-medium">{title}</h2>
      {children}
    </section>
  );
}

/**
 * A field or choice that sits in a row with a Button (access rows, filters, the level pickers): the
 * button's height and text size, so a row of controls lines up (issue #19 item 10). Stacked form fields
 * (TextField) are larger, one per line.
 */
export const INLINE_CONTROL = "h-8.5 rounded border border-slate-300 bg-white px-2 py-1.5 text-sm";

export function Button({
  children,
  variant = "primary",
  ...props
}: React.ButtonHTMLAttributes<HTMLButtonElement> & { variant?: "primary" | "secondary" | "danger" }) {
  const styles = {
    // Every variant has a border, so that all are as tall as each other and as an INLINE_CONTROL.
    primary: "border border-slate-900 bg-slate-900 text-white hover:bg-slate-700",
    secondary: "border border-slate-300 bg-white hover:bg-slate-100",
    danger: "border border-red-700 bg-red-700 text-white hover:bg-red-600",
  }[variant];
  return (
    <button type="submit" {...props} className={`rounded px-3 py-1.5 text-sm font-medium ${styles}`}>
      {children}
    </button>
  );
}

export function LinkButton({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link to={to} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100">
      {children}
    </Link>
  );
}

/**
 * Props for a message that takes the focus when it appears or its text changes (issue #19), or nothing
 * when `enabled` is false. The server's HTML says `autofocus` (enough without JavaScript); React honours
 * that only on form controls, so with JavaScript the effect focuses it. Not away from a wrong field the
 * form's own check already focused.
 */
export function useTakesFocus<T extends HTMLElement>(enabled: boolean, text: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    const el = ref.current;
    if (!enabled || !el) return;
    if (document.activeElement?.getAttribute("aria-invalid") === "true") return;
    el.focus();
  }, [enabled, text]);
  return enabled ? { ref, tabIndex: -1, autoFocus: true } : {};
}

/**
 * A green line after a successful change: the page's flash (app/utils/flash.server.ts). It belongs to the
 * request that succeeded: once another form on the page is sent, it goes (a refused one would otherwise
 * show its error under the last success) until the page's data are loaded again, and then shows whatever
 * notice they bring. The data's identity says so, not the navigation's passing "loading" state, which
 * React may never render when a transition finishes quickly (CI lost a confirmation to that). It takes
 * the focus, so a keyboard or screen reader user lands on the confirmation (issue #19), unless the page
 * puts the cursor in a field of its own (`takeFocus={false}`: the sign-in page).
 */
export function Notice({ children, takeFocus = true }: { children?: ReactNode; takeFocus?: boolean }) {
  const data = useLoaderData();
  const current = useRef(data);
  useEffect(() => {
    current.current = data;
  }, [data]);
  const [sentWith, setSentWith] = useState<{ data: unknown } | null>(null);
  const stale = sentWith !== null && sentWith.data === data;
  const focus = useTakesFocus<HTMLParagraphElement>(takeFocus && !stale, children);
  useEffect(() => {
    const onSubmit = () => setSentWith({ data: current.current });
    document.addEventListener("submit", onSubmit, true);
    return () => document.removeEventListener("submit", onSubmit, true);
  }, []);
  if (!children || stale) return null;
  return (
    <p
      role="status"
      {...focus}
      className="rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-900 focus:outline-none"
    >
      {children}
    </p>
  );
}

export function Pagination({ page, pageCount, href }: { page: number; pageCount: number; href: (page: number) => string }) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label="Pages" className="flex items-center gap-3 text-sm">
      {page > 1 ? <Link to={href(page - 1)}>← Previous</Link> : <span className="text-slate-500">← Previous</span>}
      <span>
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? <Link to={href(page + 1)}>Next →</Link> : <span className="text-slate-500">Next →</span>}
    </nav>
  );
}

export function formatDate(value: Date | string | null): string {
  if (!value) return "never";
  return new Date(value).toISOString().slice(0, 16).replace("T", " ") + " UTC";
}
