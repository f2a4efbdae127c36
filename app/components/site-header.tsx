import { Form, Link, NavLink, useLocation, useMatches } from "@remix-run/react";
import { sectionIsActive } from "./side-nav";

export interface HeaderUser {
  username: string;
  displayName: string | null;
}

/** The pages where a "Sign in" link would point at the page itself (or, on /init, loop). */
const SIGN_IN_ROUTES = new Set(["routes/init", "routes/auth.login", "routes/auth.2fa"]);

const linkClass = ({ isActive }: { isActive: boolean }) =>
  `rounded px-2 py-1 hover:bg-slate-100 ${isActive ? "font-semibold text-slate-900 underline underline-offset-4" : "text-slate-700"}`;

const HEADER_LINKS = [
  { to: "/boards", label: "Boards" },
  { to: "/manage/integrations", label: "Integrations" },
  { to: "/manage", label: "Manage", except: ["/manage/integrations"], manage: true },
];

function NavLinks({ canManage }: { canManage: boolean }) {
  const { pathname } = useLocation();
  return (
    <>
      {HEADER_LINKS.filter((l) => canManage || !l.manage).map((l) => {
        const isActive = sectionIsActive(pathname, l);
        return (
          <Link key={l.to} to={l.to} aria-current={isActive ? "page" : undefined} className={linkClass({ isActive })}>
            {l.label}
          </Link>
        );
      })}
    </>
  );
}

function SignOut({ className = "" }: { className?: string }) {
  return (
    <Form method="post" action="/api/auth/signout" reloadDocument className={className}>
      <button type="submit" className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-100">
        Sign out
      </button>
    </Form>
  );
}

/**
 * The header. From 640 px the links sit in a row; below, they fold into a "Menu" disclosure (a
 * `<details>`, so it opens without JavaScript) and the header fits 320 px whatever the name's length.
 * Only one of the two is ever displayed, so each link is in the accessibility tree once.
 */
export function SiteHeader({ user, canManage }: { user: HeaderUser | null; canManage: boolean }) {
  const onSignInPage = useMatches().some((m) => SIGN_IN_ROUTES.has(m.id));
  const name = user ? user.displayName || user.username : "";
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl items-center justify-between gap-3 px-4 py-3">
        <Link to="/" className="shrink-0 text-lg font-semibold text-slate-900">
          Porch
        </Link>
        {user ? (
          <>
            <nav aria-label="Main" className="hidden min-w-0 items-center gap-2 text-sm sm:flex">
              <NavLinks canManage={canManage} />
              <NavLink to="/settings" data-testid="current-user" className={(s) => `max-w-48 truncate ${linkClass(s)}`} title={name}>
                {name}
              </NavLink>
              <SignOut />
            </nav>
            <details className="relative text-sm sm:hidden">
              <summary className="cursor-pointer list-none rounded border border-slate-300 px-3 py-1 hover:bg-slate-100">Menu</summary>
              <nav
                aria-label="Main"
                className="absolute right-0 z-10 mt-2 flex w-56 flex-col gap-1 rounded border border-slate-200 bg-white p-2 shadow-lg"
              >
                <NavLinks canManage={canManage} />
                <NavLink to="/settings" className={(s) => `truncate ${linkClass(s)}`}>
                  My account ({name})
                </NavLink>
                <SignOut className="px-2 pt-1" />
              </nav>
            </details>
          </>
        ) : onSignInPage ? null : (
          <Link to="/auth/login" className="text-sm text-slate-700 hover:underline">
            Sign in
          </Link>
        )}
      </div>
    </header>
  );
}
