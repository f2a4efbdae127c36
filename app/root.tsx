import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useMatches, useRouteLoaderData } from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { redirect } from "@remix-run/node";
import { hasPermission } from "~/auth/actor.server";
import { getSql } from "~/db.server";
import { isOnboarded } from "~/models/onboarding.server";
import { authorize } from "~/permissions/authorize.server";
import { errorTitle, RouteError } from "./components/route-error";
import { SiteHeader } from "./components/site-header";
import styles from "./tailwind.css?url";
import { hydrates, isBare } from "./utils/hydration";
import { useNonce } from "./utils/nonce";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

// A page caught by an error boundary renders no route's meta of its own: it still needs a title (WCAG 2.4.2).
export const meta: MetaFunction = ({ error }) => [
  { title: error === undefined || error === null ? "Porch" : `${errorTitle(error)} · Porch` },
];

export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await authorize(args, "root");
  // Before the first administrator exists every page leads to onboarding (a signed-in actor's statement read it).
  const onboarded = args.context.settings?.onboarded || (await isOnboarded(getSql()));
  if (new URL(args.request.url).pathname !== "/init" && !onboarded) throw redirect("/init");
  return {
    user: actor.kind !== "guest" ? { username: actor.user.username, displayName: actor.user.displayName } : null,
    // Nothing of Manage is shown to a session a group's passkey requirement still holds back.
    canManage:
      !(actor.kind === "session" && actor.passkeyStep) &&
      (hasPermission(actor, "admin") || hasPermission(actor, "other-view-logs") || hasPermission(actor, "app-protect")),
    theme: actor.kind === "session" ? (actor.user.theme ?? null) : null,
  };
}

function Header() {
  const data = useRouteLoaderData<typeof loader>("root");
  return <SiteHeader user={data?.user ?? null} canManage={data?.canManage ?? false} />;
}

/** Marks the page once React has hydrated it, so browser tests know scripts are in charge. */
function HydrationMark() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return null;
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  // A page whose route says `hydrate: false` (app/utils/hydration.ts) is sent as plain HTML: no scripts
  // at all; `data-static` tells browser tests there is no hydration to wait for. Once React runs (a
  // hydrated page navigating there), the app stays in charge: nothing to remove.
  const matches = useMatches();
  const hydrate = typeof document !== "undefined" || hydrates(matches);
  const bare = isBare(matches);
  const theme = useRouteLoaderData<typeof loader>("root")?.theme ?? undefined;
  return (
    <html lang="en" className="h-full bg-slate-50" data-static={hydrate ? undefined : "true"} data-theme={theme}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="h-full font-sans text-slate-900">
        {/* The first stop of the Tab key: past the header's links, straight to the page (WCAG 2.4.1). */}
        <a
          href="#main"
          className="sr-only rounded bg-slate-900 px-3 py-2 text-white focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50"
        >
          Skip to content
        </a>
        {bare ? null : <Header />}
        <main id="main" tabIndex={-1} className={`${bare ? "px-4 py-4" : "mx-auto max-w-5xl px-4 py-8"} focus:outline-none`}>
          {children}
        </main>
        {hydrate ? (
          <>
            <HydrationMark />
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <RouteError />;
}
