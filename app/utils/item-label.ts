/** How an item is named in a list: its title, else the start of a note's text, else its kind. */
export function itemLabel(item: { kind: string; title: string | null; body: string | null }): string {
  if (item.title) return item.title;
  if (item.kind === "note" && item.body) return `Note: ${item.body.length > 60 ? `${item.body.slice(0, 60)}…` : item.body}`;
  return item.kind === "integration" ? "Widget" : "Item";
}
