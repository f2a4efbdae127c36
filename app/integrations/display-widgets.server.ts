// What a display link's page carries of its items (issue #22): what it shows and nothing more.
import type { ItemView } from "./widgets.server";

/**
 * What the display's page (and its data) carries: what it shows and nothing more. No ids of items or
 * integrations, no integration names or widget options, no "Re-check now" (attack33), and no error's own
 * words, which can quote the integration's address (attack34).
 */
export const forDisplay = (items: ItemView[], { fetched }: { fetched: boolean }) =>
  items.map((item, index) => ({
    ...item,
    id: `item-${index}`,
    options: {},
    widget: displayedWidget(item, fetched),
  }));

/**
 * A widget as a display shows it: what the service said in its own words (a status check's error too)
 * stays out. `fetched`: the widgets were asked for their data; else every message is Porch's own ("isn't
 * shown on this display") and stays (attack36: it read "Can't reach it").
 */
function displayedWidget({ widget, title }: ItemView, fetched: boolean): ItemView["widget"] {
  if (!widget || widget.state === "denied") return widget;
  const integration = { id: "", name: title ?? "Widget" };
  if (widget.state === "error")
    return { state: "error", integration, canInteract: false, message: fetched ? "Can't reach it right now." : widget.message };
  const data =
    widget.data.type === "status" ? { ...widget.data, message: widget.data.up ? "Reachable" : "Can't reach it right now" } : widget.data;
  return { ...widget, integration, canInteract: false, data };
}
