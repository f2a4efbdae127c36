// The provisioning file from disk (PORCH_PROVISION_FILE or the command's argument), applied or planned:
// one line per problem, `file:line: what`, for the start-up and `npm run cli -- provision` alike.
import { readFileSync } from "node:fs";
import type { Sql } from "~/db.server";
import { applyProvision, ProvisionRefusedError } from "./apply.server";
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
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new ProvisionFileError([`${file}: can't be read (${code === "ENOENT" ? "no such file" : (code ?? String(error))})`]);
  }
  const read = readProvisionText(text);
  if (!read.ok) throw new ProvisionFileError(describeProblems(file, read.problems));
  try {
    return await applyProvision(sql, read.value, { dryRun, lineOf: read.lineOf, file });
  } catch (error) {
    if (error instanceof ProvisionRefusedError) throw new ProvisionFileError(describeProblems(file, error.problems), "apply");
    throw error;
  }
}
