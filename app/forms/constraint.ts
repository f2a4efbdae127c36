import { getValibotConstraint } from "@conform-to/valibot";
import type { GenericSchema } from "valibot";

export type Constraints = ReturnType<typeof getValibotConstraint>;

type Node = { type: string; kind?: string; wrapped?: Node; entries?: Record<string, Node>; item?: Node; pipe?: Node[] };

const WRAPPERS = new Set(["optional", "nullable", "nullish", "exact_optional"]);

const cache = new WeakMap<GenericSchema, Constraints>();

/**
 * The HTML constraints (required, minlength, maxlength, pattern) a form's schema implies, for the browser
 * to check before the server does, minus any the browser would apply more strictly than the server:
 * a pattern the server tests after trimming or lower-casing (" Home-Lab " is a fine board name) would
 * refuse what the server accepts, so it is left out. Lengths stay: a browser stops typing at maxlength
 * (spaces around a value count there, not on the server), and a shorter value only passes more easily.
 */
export function browserConstraint(schema: GenericSchema): Constraints {
  const cached = cache.get(schema);
  if (cached) return cached;
  // Conform's answer is a fresh object per call (a proxy that also resolves list items like `groups[0]`):
  // the patterns are taken out of its entries in place.
  const constraints = getValibotConstraint(schema);
  const transformedBeforeRegex = new Set<string>();
  collect(schema as unknown as Node, "", transformedBeforeRegex);
  for (const name of transformedBeforeRegex) if (constraints[name]) delete constraints[name].pattern;
  cache.set(schema, constraints);
  return constraints;
}

/** Names (as Conform spells them) of string fields whose pipe transforms the value before a regex tests it. */
function collect(node: Node, name: string, found: Set<string>) {
  if (WRAPPERS.has(node.type) && node.wrapped) return collect(node.wrapped, name, found);
  if (node.entries) {
    for (const [key, entry] of Object.entries(node.entries)) collect(entry, name ? `${name}.${key}` : key, found);
  } else if (node.type === "array" && node.item) {
    collect(node.item, `${name}[]`, found);
  } else if (node.type === "string" && node.pipe) {
    const firstTransform = node.pipe.findIndex((step) => step.kind === "transformation");
    const lastRegex = node.pipe.findLastIndex((step) => step.type === "regex");
    if (firstTransform !== -1 && firstTransform < lastRegex) found.add(name);
  }
}
