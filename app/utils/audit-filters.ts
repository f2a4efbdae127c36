import type { AuditFilters } from "~/models/audit-log.server";
import { storableTime } from "./query-values";
import { DAY, MINUTE } from "./time";

/**
 * Reads the log page's filters from its query string; anything malformed is ignored, not an error.
 * Times are UTC. A "to" given to the minute includes that minute. Without a range the rows are not
 * limited in time, and the chart shows the last 24 hours.
 */
export function filtersFrom(params: URLSearchParams): { filters: AuditFilters; chartFrom: Date; chartTo: Date } {
  const text = (name: string) => params.get(name)?.trim().slice(0, 200) || undefined;
  const time = (name: string, endOfMinute = false) => {
    const value = text(name);
    if (!value) return undefined;
    const date = storableTime(new Date(/Z|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`));
    if (!date) return undefined;
    // The end of the last minute of 9999 is past what PostgreSQL stores: checked again after adding it.
    return endOfMinute && /^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(value) ? (storableTime(new Date(date.getTime() + MINUTE)) ?? undefined) : date;
  };
  const from = time("from");
  const to = time("to", true);
  const chartTo = to ?? new Date();
  const chartFrom = from ?? new Date(chartTo.getTime() - DAY);
  return {
    filters: {
      action: text("action"),
      actor: text("actor"),
      targetType: text("targetType"),
      targetId: text("targetId"),
      ip: text("ip"),
      from,
      to,
    },
    chartFrom,
    chartTo,
  };
}
