// Reads the provisioning file (ADR 044): YAML through the `yaml` library, which keeps where each value
// was written, so every problem is reported once, with its line: a syntax error, a misspelt key, a
// permission that doesn't exist, a name given twice, or a secret written into the file.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import * as v from "valibot";
import { ProvisionSpec, quotable, type Provision } from "./spec";

export interface FileProblem {
  line: number | null;
  message: string;
}

export type ReadResult =
  { ok: true; value: Provision; lineOf: (path: Array<string | number>) => number | null } | { ok: false; problems: FileProblem[] };

/** Keys that name a secret: never given a value in the file (a `…File` or `…Env` reference instead). */
const SECRET_KEY = /(secret|password|passwd|token|api[-_]?key|credential|private[-_]?key)$/i;

export function readProvisionText(text: string): ReadResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const lineOf = (node: Node | null | undefined) => (node?.range ? lines.linePos(node.range[0]).line : null);
  const syntax = [...doc.errors, ...doc.warnings].map((e) => ({
    line: e.linePos?.[0]?.line ?? null,
    message: e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, ""),
  }));
  if (syntax.length) return { ok: false, problems: syntax };
  const lineAt = (path: Array<string | number>) => lineOf(doc.getIn(path, true) as Node | null);
  if (doc.contents === null) return { ok: true, value: v.parse(ProvisionSpec, {}), lineOf: lineAt };

  // Before the shape: a secret's value must never be echoed, nor accepted because its key was misspelt.
  const problems: FileProblem[] = [];
  const scan = (node: unknown) => {
    if (isMap(node))
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : "";
        if (SECRET_KEY.test(key) && isScalar(pair.value) && pair.value.value !== null)
          problems.push({
            line: lineOf(pair.key as Node),
            message: `"${quotable(key)}" holds a secret, and secrets are never written in the provisioning file: an integration's are read from <field>File (a file's path) or <field>Env (a variable's name) under its secrets; API keys are made in Manage`,
          });
        else scan(pair.value);
      }
    else if (isSeq(node)) for (const item of node.items) scan(item);
  };
  scan(doc.contents);

  // Aliases are YAML's own references: a loop of them, or a billion laughs, is refused here in words.
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
    // An alias inside what it names makes a loop, which nothing downstream could walk.
    JSON.stringify(data);
  } catch (error) {
    return { ok: false, problems: [{ line: null, message: `Aliases (*name) can't be expanded: ${(error as Error).message}` }] };
  }
  // valibot's own words quote what they received: here they say what was expected only.
  const parsed = v.safeParse(ProvisionSpec, data, { message: (issue) => `Expected ${issue.expected ?? "something else"} here` });
  if (!parsed.success) {
    // Every problem of the file at once (a secret said once, by the scan above), in the file's order.
    const shape = parsed.issues
      .filter((issue) => !SECRET_KEY.test(String(issue.path?.at(-1)?.key ?? "")))
      .map((issue) => {
        const full = (issue.path ?? []).map((p) => p.key as string | number);
        // A key nobody expects: said of the object holding it, at the key's own line.
        const unknown = issue.type === "strict_object";
        const path = unknown ? full.slice(0, -1) : full;
        // The value's own line; for a key that is missing, the line of what should hold it.
        let node: Node | null = null;
        if (unknown) {
          const holder = path.length ? doc.getIn(path, true) : doc.contents;
          const pair = isMap(holder) ? holder.items.find((p) => isScalar(p.key) && p.key.value === full.at(-1)) : undefined;
          node = (pair?.key as Node | undefined) ?? null;
        }
        for (let n = path.length; n >= 0 && !node; n--) node = (n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true)) as Node | null;
        const where = path.length
          ? `${path
              .map((p) => (typeof p === "number" ? `[${p + 1}]` : `.${p}`))
              .join("")
              .replace(/^\./, "")}: `
          : "";
        return { line: lineOf(node), message: `${where}${issue.message}` };
      });
    return { ok: false, problems: [...problems, ...shape].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };
  }

  return problems.length ? { ok: false, problems } : { ok: true, value: parsed.output, lineOf: lineAt };
}

/** Problems as the start-up and the command print them: `porch.yaml:7: …`. */
export function describeProblems(file: string, problems: FileProblem[]): string[] {
  // One line each, of a bounded length, whatever a problem quoted.
  const line = (text: string) => text.replace(/[\p{Cc}\p{Cf}]/gu, " ").slice(0, 400);
  return problems.map((p) => line(`${file}${p.line ? `:${p.line}` : ""}: ${p.message}`));
}
