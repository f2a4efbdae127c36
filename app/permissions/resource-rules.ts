// Access to one resource (a board, an integration), written once as data. The single check and
// "explain access" evaluate the rules here; lists turn the same data into SQL (resource-sql.server.ts).
// A property test compares the two on random data.
import type { PermissionKey } from "./definitions";

/** The rules of one kind of resource; rows of users and groups grant the level they name. */
export interface ResourceRules<L extends string> {
  /** Lowest first; each level includes the ones before it. */
  levels: readonly L[];
  /** What creating one grants (null: nothing of its own, as for protected apps). */
  creator: L | null;
  /** What a public flag grants (null: the resource has no public flag). */
  public: L | null;
  global: Partial<Record<PermissionKey, L>>;
}

/**
 * Who is asking. `signedIn` false is a guest, who sees public resources only while guests are allowed.
 * `userId` is whose rows and creator rights count: null for guests, and for an API key that doesn't
 * act as its owner (it carries only its global permissions).
 */
export interface Subject {
  signedIn: boolean;
  userId: string | null;
  permissions: ReadonlySet<PermissionKey>;
  guestsAllowed: boolean;
}

/** What the database knows about one resource, seen from one person. */
export interface Facts<L extends string> {
  isPublic: boolean;
  creatorId: string | null;
  /** The level of the person's own row, if any. */
  userLevel: L | null;
  /** Rows of groups the person is in (`everyone` included). */
  groupLevels: Array<{ groupName: string; level: L }>;
}

export type Reason<L extends string> =
  | { source: "creator"; level: L }
  | { source: "user"; level: L }
  | { source: "group"; group: string; level: L }
  | { source: "global"; permission: PermissionKey; level: L }
  | { source: "public"; level: L };

/** 0 for no access, then 1, 2, 3 up the levels: comparisons stay simple in JS and SQL alike. */
export function rankIn<L extends string>(rules: ResourceRules<L>, level: L | null | undefined): number {
  return level ? rules.levels.indexOf(level) + 1 : 0;
}

export function levelIn<L extends string>(rules: ResourceRules<L>, rank: number): L | null {
  return rank >= 1 ? rules.levels[Math.min(rank, rules.levels.length) - 1] : null;
}

/** The highest level the global permissions grant on every resource of the kind (0 for none). */
export function globalRank<L extends string>(rules: ResourceRules<L>, permissions: ReadonlySet<PermissionKey>): number {
  let rank = 0;
  for (const [key, level] of Object.entries(rules.global) as Array<[PermissionKey, L]>) {
    if (permissions.has(key)) rank = Math.max(rank, rankIn(rules, level));
  }
  return rank;
}

/** The person's level (null: none) and every reason that grants something, best first. */
export function levelOf<L extends string>(
  rules: ResourceRules<L>,
  subject: Subject,
  facts: Facts<L>,
): { level: L | null; reasons: Array<Reason<L>> } {
  const reasons: Array<Reason<L>> = [];
  const publicLevel = facts.isPublic ? rules.public : null;
  if (!subject.signedIn) {
    if (publicLevel && subject.guestsAllowed) reasons.push({ source: "public", level: publicLevel });
  } else {
    if (subject.userId !== null) {
      if (rules.creator && facts.creatorId === subject.userId) reasons.push({ source: "creator", level: rules.creator });
      if (facts.userLevel) reasons.push({ source: "user", level: facts.userLevel });
      for (const g of facts.groupLevels) reasons.push({ source: "group", group: g.groupName, level: g.level });
    }
    for (const [key, level] of Object.entries(rules.global) as Array<[PermissionKey, L]>) {
      if (subject.permissions.has(key)) reasons.push({ source: "global", permission: key, level });
    }
    if (publicLevel) reasons.push({ source: "public", level: publicLevel });
  }
  const rank = Math.max(0, ...reasons.map((r) => rankIn(rules, r.level)));
  reasons.sort((a, b) => rankIn(rules, b.level) - rankIn(rules, a.level));
  return { level: levelIn(rules, rank), reasons };
}
