// "Signed in; on to the app": a page that goes on by itself (meta refresh, no script) and has the link.
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function forwardPage(to: string): string {
  const href = escape(to);
  const shown = escape(new URL(to).host);
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${href}"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Signed in · Porch</title><meta name="referrer" content="no-referrer"></head>
<body><main><h1>Signed in</h1><p>On to <a href="${href}">${shown}</a>…</p></main></body>
</html>
`;
}
