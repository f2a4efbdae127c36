// Who may do what on a board, written once as data. The single-board check and "explain access"
// evaluate it here; the board list turns the same data into SQL (boards.server.ts). A test
// compares the two on random data.
import type { PermissionKey } from "./definitions";

export const BOARD_LEVELS = ["view", "modify", "full"] as const;
export type BoardLevel = (typeof BOARD_LEVELS)[number];

/** Every path to a level besides the user's and their groups' rows, which grant the level they name. */
export const BOARD_ACCESS = {
  creator: "full",
  public: "view",
  global: { "board-view-all": "view", "board-modify-all": "modify", "board-full-all": "full" },
} as const satisfies {
  creator: BoardLevel;
  public: BoardLevel;
  global: Partial<Record<PermissionKey, BoardLevel>>;
};

/** 0 for no access, then 1, 2, 3 up the levels: comparisons stay simple in JS and SQL alike. */
export function rankOf(level: BoardLevel | null | undefined): number {
  return level ? BOARD_LEVELS.indexOf(level) + 1 : 0;
}

export function levelOfRank(rank: number): BoardLevel | null {
  return rank >= 1 ? BOARD_LEVELS[Math.min(rank, BOARD_LEVELS.length) - 1] : null;
}

export function isBoardLevel(value: unknown): value is BoardLevel {
  return typeof value === "string" && (BOARD_LEVELS as readonly string[]).includes(value);
}

/** The highest level the global permissions grant on every board (0 for none). */
export function globalBoardRank(permissions: ReadonlySet<PermissionKey>): number {
  let rank = 0;
  for (const [key, level] of Object.entries(BOARD_ACCESS.global)) {
    if (permissions.has(key as PermissionKey)) rank = Math.max(rank, rankOf(level));
  }
  return rank;
}

/** What the database knows about one board, seen from one person. */
export interface BoardFacts {
  isPublic: boolean;
  creatorId: string | null;
  /** The level of the person's own row on this board, if any. */
  userLevel: BoardLevel | null;
  /** Rows of groups the person is in (`everyone` included) on this board. */
  groupLevels: Array<{ groupName: string; level: BoardLevel }>;
}

/**
 * Who is asking. `signedIn` false is a guest, who sees public boards only while guests are allowed.
 * `userId` is whose rows and creator rights count: null for guests, and for an API key that doesn't
 * act as its owner (it carries only its global permissions).
 */
export interface BoardSubject {
  signedIn: boolean;
  userId: string | null;
  permissions: ReadonlySet<PermissionKey>;
  guestsAllowed: boolean;
}

export type BoardReason =
  | { source: "creator"; level: BoardLevel }
  | { source: "user"; level: BoardLevel }
  | { source: "group"; group: string; level: BoardLevel }
  | { source: "global"; permission: PermissionKey; level: BoardLevel }
  | { source: "public"; level: BoardLevel };

/** The person's level on the board (null: none) and every reason that grants something. */
export function boardAccess(subject: BoardSubject, facts: BoardFacts): { level: BoardLevel | null; reasons: BoardReason[] } {
  const reasons: BoardReason[] = [];
  if (!subject.signedIn) {
    if (facts.isPublic && subject.guestsAllowed) reasons.push({ source: "public", level: BOARD_ACCESS.public });
  } else {
    if (subject.userId !== null) {
      if (facts.creatorId === subject.userId) reasons.push({ source: "creator", level: BOARD_ACCESS.creator });
      if (facts.userLevel) reasons.push({ source: "user", level: facts.userLevel });
      for (const g of facts.groupLevels) reasons.push({ source: "group", group: g.groupName, level: g.level });
    }
    for (const [key, level] of Object.entries(BOARD_ACCESS.global)) {
      if (subject.permissions.has(key as PermissionKey)) reasons.push({ source: "global", permission: key as PermissionKey, level });
    }
    if (facts.isPublic) reasons.push({ source: "public", level: BOARD_ACCESS.public });
  }
  const rank = Math.max(0, ...reasons.map((r) => rankOf(r.level)));
  reasons.sort((a, b) => rankOf(b.level) - rankOf(a.level));
  return { level: levelOfRank(rank), reasons };
}

export function allows(level: BoardLevel | null, needed: BoardLevel): boolean {
  return rankOf(level) >= rankOf(needed);
}
