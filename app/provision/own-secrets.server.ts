// Porch's own secrets, as files: what no provisioning file may read, whether as an integration's secret
// or as the provisioning file itself (attack47: Docker keeps DATABASE_URL_FILE's file in the same
// /run/secrets, and a committed symlink can point anywhere).
import { realpathSync, statSync } from "node:fs";
import path from "node:path";
import { CONFIG_VARIABLES } from "~/config.server";

/**
 * Porch's own secret files, as device:inode: what its settings' NAME_FILE variables name (DATABASE_URL_FILE,
 * SECRET_ENCRYPTION_KEY_FILE…), which Docker keeps in the same /run/secrets (attack47).
 */
export function porchsOwnFiles(): Set<string> {
  const own = new Set<string>();
  for (const name of [...CONFIG_VARIABLES, "NEW_SECRET_ENCRYPTION_KEY"]) {
    const file = process.env[`${name}_FILE`];
    if (!file) continue;
    try {
      const stat = statSync(file);
      own.add(`${stat.dev}:${stat.ino}`);
    } catch {
      // Unreadable: nothing of it can be given either.
    }
  }
  return own;
}

/** Under Porch's data directory (the embedded database, its password, the key npm start made). */
export function isPorchsOwn(real: string): boolean {
  try {
    const data = realpathSync(process.env.PORCH_DATA_DIR || "data");
    return real === data || real.startsWith(data + path.sep);
  } catch {
    return false;
  }
}
