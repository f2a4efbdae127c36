// The provisioning file from disk (PORCH_PROVISION_FILE or the command's argument), applied or planned:
// one line per problem, `file:line: what`, for the start-up and `npm run cli -- provision` alike.
import { realpathSync } from "node:fs";
import type { Sql } from "~/db.server";
import { applyProvision, ProvisionRefusedError } from "./apply.server";
import { isPorchsOwn, readPlainFile, under } from "./own-secrets.server";
import { describeProblems, readProvisionText } from "./read.server";

export class ProvisionFileError extends Error {
  constructor(
    readonly lines: string[],
    /** "read": the file itself is wrong (or unreadable); "apply": the database can't take it as it is now. */
    readonly stage: "read" | "apply" = "read",
  ) {
    super(lines.join("\n"));
    this.name = "ProvisionFileError";
  }
}

/** The changes made (or that a dry run would make); throws ProvisionFileError with every problem. */
export async function provisionFromFile(sql: Sql, file: string, dryRun: boolean): Promise<string[]> {
  const text = readProvisionFile(file);
  const read = readProvisionText(text);
  if (!read.ok) throw new ProvisionFileError(describeProblems(file, read.problems));
  try {
    return await applyProvision(sql, read.value, { dryRun, lineOf: read.lineOf, file });
  } catch (error) {
    if (error instanceof ProvisionRefusedError) throw new ProvisionFileError(describeProblems(file, error.problems), "apply");
    throw error;
  }
}

/** The most a provisioning file may hold: its problems quote it, and it is read whole. */
const MAX_FILE_BYTES = 1024 * 1024;

/**
 * The provisioning file's text: a plain file (a link to one is fine: Kubernetes mounts them so), never
 * one of Porch's own secrets, its data directory, or the kernel's files (attack47: a committed symlink to
 * /proc/self/environ had its "keys" quoted back, with SECRET_ENCRYPTION_KEY among them).
 */
function readProvisionFile(file: string): string {
  const refuse = (why: string): never => {
    throw new ProvisionFileError([`${file}: ${why}`]);
  };
  let real = "";
  try {
    real = realpathSync(file);
  } catch (error) {
    const code = (error as { code?: string }).code;
    refuse(`can't be read (${code === "ENOENT" ? "no such file" : (code ?? "error")})`);
  }
  if (["/proc", "/sys", "/dev"].some((dir) => under(real, dir)) || isPorchsOwn(real))
    refuse("isn't a provisioning file: it leads to Porch's own data or the system's");
  const read = readPlainFile(real, MAX_FILE_BYTES);
  if ("text" in read) return read.text;
  return refuse(
    {
      "not-plain": "isn't a plain file",
      own: "is one of Porch's own secrets, not a provisioning file",
      "too-large": `is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`,
      unreadable: "can't be read",
    }[read.refused],
  );
}
