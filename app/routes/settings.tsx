import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { requireUser } from "~/permissions/guards.server";

const SECTIONS = [
  { to: "/settings", label: "My account", end: true },
  { to: "/settings/security", label: "Two-factor sign-in" },
  { to: "/settings/sessions", label: "Sessions" },
  { to: "/settings/api-keys", label: "API keys" },
];

/** My account's navigation; each page guards itself too. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  requireUser(request, context);
  return null;
}

export default function SettingsLayout() {
  return (
    <div className="grid gap-6 md:grid-cols-[12rem_1fr]">
      <nav aria-label="My account" className="space-y-1">
        {SECTIONS.map((s) => (
          <NavLink key={s.to} to={s.to} end={s.end}
            className={({ isActive }) => `block rounded px-3 py-1.5 text-sm ${isActive ? "bg-slate-900 text-white" : "hover:bg-slate-200"}`}>
            {s.label}
          </NavLink>
        ))}
      </nav>
      <div className="min-w-0">
        <Outlet />
      </div>
    </div>
  );
}
