// Porch's own secrets, as files: what no provisioning file may read, whether as an integration's secret
// or as the provisioning file itself (attack47: Docker keeps DATABASE_URL_FILE's file in the same
// /run/secrets, and a committed symlink can point anywhere).
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync } from "node:fs";
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

/** Whether the real path `real` is `dir` or under it (`dir` resolved too; a missing one holds nothing). */
export function under(real: string, dir: string): boolean {
  try {
    const root = realpathSync(dir);
    return real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
  } catch {
    return false;
  }
}

/** Under Porch's data directory (the embedded database, its password, the key npm start made). */
export const isPorchsOwn = (real: string): boolean => under(real, process.env.PORCH_DATA_DIR || "data");

export type PlainFile = { text: string } | { refused: "not-plain" | "own" | "too-large" | "unreadable" };

/**
 * A file the provisioning reads (itself, or an integration's secret), by its real path: opened without
 * blocking (a pipe or a device never holds it up), read only when it is a plain file of at most
 * `maxBytes` that isn't one of Porch's own secrets (by the opened file's inode: another name or a hard
 * link doesn't help).
 */
export function readPlainFile(real: string, maxBytes: number): PlainFile {
  let fd: number | null = null;
  try {
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK);
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { refused: "not-plain" };
    if (porchsOwnFiles().has(`${stat.dev}:${stat.ino}`)) return { refused: "own" };
    if (stat.size > maxBytes) return { refused: "too-large" };
    const buffer = Buffer.alloc(stat.size);
    return { text: buffer.subarray(0, readSync(fd, buffer, 0, stat.size, 0)).toString("utf8") };
  } catch {
    return { refused: "unreadable" };
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
