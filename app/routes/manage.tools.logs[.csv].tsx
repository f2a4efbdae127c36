import type { LoaderFunctionArgs } from "@remix-run/node";
import { getSql } from "~/db.server";
import { allAuditRows } from "~/models/audit-log.server";
import { requirePermission } from "~/permissions/guards.server";
import { filtersFrom } from "~/utils/audit-filters";
import { csvLine } from "~/utils/csv";

const COLUMNS = ["time", "actor_type", "actor", "action", "target_type", "target_id", "ip", "user_agent", "details"];

/** The log page's filtered view as CSV, streamed page by page (keyset), at most 100 000 rows. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(request, context, "other-view-logs");
  const { filters } = filtersFrom(new URL(request.url).searchParams);
  const rows = allAuditRows(getSql(), filters);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvLine(COLUMNS)));
    },
    async pull(controller) {
      const { value, done } = await rows.next();
      if (done) return controller.close();
      controller.enqueue(
        encoder.encode(
          csvLine([value.createdAt, value.actorType, value.actorUsername, value.action, value.targetType, value.targetId, value.ip, value.userAgent, value.details]),
        ),
      );
    },
  });
  const stamp = new Date().toISOString().slice(0, 16).replace(/[:T]/g, "-");
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="porch-audit-${stamp}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
