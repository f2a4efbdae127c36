import type { LoaderFunctionArgs } from "@remix-run/node";
import { authorize } from "~/permissions/authorize.server";
import { getSql } from "~/db.server";
import { allAuditRows } from "~/models/audit-log.server";
import { filtersFrom } from "~/utils/audit-filters";
import { logError } from "~/server/log.server";
import { csvLine } from "~/utils/csv";

const COLUMNS = ["time", "actor_type", "actor", "action", "target_type", "target_id", "ip", "user_agent", "details"];

/** The log page's filtered view as CSV, streamed page by page (keyset), at most 100 000 rows. */
export async function loader(args: LoaderFunctionArgs) {
  await authorize(args, "routes/manage.tools.logs[.csv]");
  const { request, context } = args;
  const { filters } = filtersFrom(new URL(request.url).searchParams);
  const rows = allAuditRows(getSql(), filters);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvLine(COLUMNS)));
    },
    async pull(controller) {
      let next: Awaited<ReturnType<typeof rows.next>>;
      try {
        next = await rows.next();
      } catch (error) {
        // The status line is gone already: log it as every failure is logged (one line, no parameters)
        // and break the download off, so it can't pass for a complete file.
        logError("audit export failed", error, { requestId: context.requestId });
        return controller.error(new Error("The audit export failed: see the error log"));
      }
      const { value, done } = next;
      if (done) return controller.close();
      controller.enqueue(
        encoder.encode(
          csvLine([
            value.createdAt,
            value.actorType,
            value.actorUsername,
            value.action,
            value.targetType,
            value.targetId,
            value.ip,
            value.userAgent,
            value.details,
          ]),
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
