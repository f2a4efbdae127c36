// Which pages React hydrates. A route opts out in its `handle` export; app/root.tsx reads it.
import { useSyncExternalStore } from "react";

/** What a route module may say in its `handle` export. */
export interface RouteHandle {
  /**
   * `false`: the page is plain HTML forms that work without JavaScript, and ships none: no React
   * hydration, no module scripts, no modulepreload links (the sign-in pages, issue #18).
   */
  hydrate?: boolean;
  /** `true`: the page fills the screen on its own, without the site's header (a wall display). */
  bare?: boolean;
}

/** The `handle` of a page that ships no JavaScript. */
export const NO_HYDRATION: RouteHandle = { hydrate: false };

/** True when any matched route says `bare: true`. */
export const isBare = (matches: readonly { handle?: unknown }[]): boolean =>
  matches.some((match) => (match.handle as RouteHandle | undefined)?.bare === true);

/** False when any matched route (layout or page) says `hydrate: false`. */
export function hydrates(matches: readonly { handle?: unknown }[]): boolean {
  return !matches.some((match) => (match.handle as RouteHandle | undefined)?.hydrate === false);
}

// Whether scripts run, for useSyncExternalStore: nothing to subscribe to, false on the server and while hydrating.
const noSubscription = () => () => {};
const scriptsRun = () => true;
const serverRender = () => false;

/** True once React runs in the browser: for controls that only work with JavaScript (a Copy button). */
export function useScripted(): boolean {
  return useSyncExternalStore(noSubscription, scriptsRun, serverRender);
}
