// Re-encrypts every stored secret under a new SECRET_ENCRYPTION_KEY, in one transaction: either all
// of them move to the new key or none does.
import postgres from "postgres";
import { decryptWith, encryptWith } from "~/auth/encryption.server";
import type { Sql } from "~/db.server";
import { recordAudit } from "./audit.server";

/** The columns that hold AES-256-GCM values: table, key columns, sealed column. */
const SEALED = [
  { table: "user_totp", keys: ["user_id"], column: "secret_encrypted" },
  { table: "integration_secrets", keys: ["integration_id", "field"], column: "value_encrypted" },
  { table: "webhooks", keys: ["id"], column: "secret_encrypted" },
] as const;

export async function rotateEncryptionKey(sql: Sql, oldHex: string, newHex: string): Promise<Record<string, number>> {
  if (!/^[0-9a-f]{64}$/i.test(newHex)) throw new Error("NEW_SECRET_ENCRYPTION_KEY must be 64 hex characters (openssl rand -hex 32)");
  if (oldHex.toLowerCase() === newHex.toLowerCase()) throw new Error("NEW_SECRET_ENCRYPTION_KEY is the current key");
  const from = Buffer.from(oldHex, "hex");
  const to = Buffer.from(newHex, "hex");
  return sql.begin(async (tx) => {
    const counts: Record<string, number> = {};
    for (const { table, keys, column } of SEALED) {
      const rows = await tx`select ${tx(keys as unknown as string[])}, ${tx(column)} as sealed from ${tx(table)} for update`;
      for (const row of rows) {
        const resealed = encryptWith(to, decryptWith(from, row.sealed));
        // The row's keys arrive camelCase (the pool's column transform).
        const where = keys.map((k) => tx`${tx(k)} = ${row[postgres.toCamel(k)]}`).reduce((a, b) => tx`${a} and ${b}`);
        await tx`update ${tx(table)} set ${tx(column)} = ${resealed} where ${where}`;
      }
      counts[table] = rows.length;
    }
    await recordAudit(tx, { action: "encryption-key.rotated", actorType: "system", details: counts });
    return counts;
  }) as Promise<Record<string, number>>;
}
