import { describe, expect, it } from "vitest";
import { recordAudit } from "~/models/audit.server";
import { useTestDatabase } from "../fixtures/database";

const db = useTestDatabase();

describe("audit rows and text that isn't valid Unicode", () => {
  it("refuses to lose an audit row to an unpaired surrogate in its details: the row is written, the surrogate replaced", async () => {
    const marker = `unicode-${Date.now()}`;
    await recordAudit(db.sql(), {
      action: "board.updated",
      targetType: "board",
      targetId: marker,
      details: { title: "ok\ud800", ["k\udfff"]: ["\ud83d"] },
    });
    const rows = await db.sql()`select details from audit_log where target_id = ${marker}`;
    expect(rows).toHaveLength(1);
    expect(rows[0].details).toEqual({ title: "ok\ufffd", "k\ufffd": ["\ufffd"] });
  });
});
