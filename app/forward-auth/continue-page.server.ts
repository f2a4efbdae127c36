// "Signed in; on to the app": a page that goes on by itself (meta refresh, no script) and has the link.
import { escape, plainPage } from "./plain-page.server";

export function forwardPage(to: string): string {
  const href = escape(to);
  return plainPage({
    title: "Signed in",
    head: `<meta http-equiv="refresh" content="0;url=${href}"><meta name="referrer" content="no-referrer">`,
    body: `<h1>Signed in</h1><p>On to <a href="${href}">${escape(new URL(to).host)}</a>…</p>`,
  });
}
