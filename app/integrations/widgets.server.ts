// Integration widgets on a board: data is fetched on the server, in parallel, only for integrations
// the viewer may use; anything else gets a refusal carrying nothing of the integration.
import { WrongEncryptionKeyError } from "~/auth/encryption.server";
import type { Db } from "~/db.server";
import type { BoardItem } from "~/models/boards.server";
import { loadSecrets } from "~/models/integrations.server";
import { integrationAllows } from "~/permissions/integrations";
import { integrationLevels } from "~/permissions/integrations.server";
import type { Subject } from "~/permissions/resource-rules";
import type { WidgetData } from "./kind";
import { kindOf } from "./registry.server";
import { RemoteError } from "./remote.server";

export type WidgetView =
  | { state: "denied" }
  | { state: "ok"; integration: { id: string; name: string }; canInteract: boolean; data: WidgetData }
  | { state: "error"; integration: { id: string; name: string }; canInteract: boolean; message: string };

/** What a board shows for an item: integration items carry a view instead of their integration's id. */
export type ItemView = Omit<BoardItem, "integrationId" | "options"> & { options: Record<string, string>; widget?: WidgetView };

export async function loadWidgets(db: Db, subject: Subject, items: BoardItem[], signal: AbortSignal): Promise<ItemView[]> {
  const widgetItems = items.filter((i) => i.kind === "integration" && i.integrationId);
  const ids = [...new Set(widgetItems.map((i) => i.integrationId!))];
  const levels = ids.length ? await integrationLevels(db, subject, ids) : new Map<string, never>();
  const usable = [...levels.values()].map((l) => l.record);
  let secrets = new Map<string, Record<string, string>>();
  // Secrets that don't decrypt (the key changed) break the widgets, with the reason, not the board.
  let unreadable: string | null = null;
  try {
    if (usable.length) secrets = await loadSecrets(db, usable);
  } catch (error) {
    if (!(error instanceof WrongEncryptionKeyError)) throw error;
    unreadable = error.message;
  }
  const views = await Promise.all(
    items.map(async ({ integrationId, ...item }): Promise<ItemView> => {
      if (item.kind !== "integration") return item;
      const access = integrationId ? levels.get(integrationId) : undefined;
      // No access: not even the integration's name or id goes to the page.
      if (!access) return { ...item, options: {}, widget: { state: "denied" } };
      const { record, level } = access;
      const integration = { id: record.id, name: record.name };
      const canInteract = integrationAllows(level, "interact");
      const kind = kindOf(record.kind);
      if (!kind) return { ...item, widget: { state: "error", integration, canInteract, message: `Unknown kind "${record.kind}"` } };
      if (unreadable) return { ...item, widget: { state: "error", integration, canInteract, message: unreadable } };
      try {
        const data = await kind.widget({ url: record.url, secrets: secrets.get(record.id) ?? {}, signal }, item.options);
        return { ...item, widget: { state: "ok", integration, canInteract, data } };
      } catch (error) {
        const message = error instanceof RemoteError ? error.message : "The widget failed: see the server log";
        if (!(error instanceof RemoteError))
          console.error(JSON.stringify({ level: "error", msg: "widget failed", integration: record.id, error: String(error) }));
        return { ...item, widget: { state: "error", integration, canInteract, message } };
      }
    }),
  );
  return views;
}

/** Items as a page shows them when widgets show no data there (View as, a display link without it): each widget says why. */
export function withoutWidgetData(items: BoardItem[], message: string): ItemView[] {
  return items.map(({ integrationId: _, ...item }) =>
    item.kind !== "integration"
      ? item
      : {
          ...item,
          options: {},
          widget: { state: "error" as const, integration: { id: "", name: item.title ?? "Widget" }, canInteract: false, message },
        },
  );
}
