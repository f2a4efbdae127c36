// Pages Porch serves at an app's own address or on the way there (forward auth's refusals, the last hop
// after sign-in): Porch's stylesheet and scripts aren't 'self' there, so plain HTML, everything escaped.

export const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** A whole page: `title` is escaped here; `head` and `body` are HTML the caller escaped. */
export function plainPage(input: { title: string; head?: string; body: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8">${input.head ?? ""}<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(input.title)} · Porch</title></head>
<body>
<main>
${input.body}
</main>
</body>
</html>
`;
}
