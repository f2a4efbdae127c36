// Who may do what on a board: the rules as data (see resource-rules.ts for how they are applied).
import type { PermissionKey } from "./definitions";
import { globalRank, levelIn, rankIn, levelOf, type Facts, type Reason, type ResourceRules, type Subject } from "./resource-rules";

export const BOARD_LEVELS = ["view", "modify", "full"] as const;
export type BoardLevel = (typeof BOARD_LEVELS)[number];

/** Every path to a level besides the user's and their groups' rows, which grant the level they name. */
export const BOARD_ACCESS: ResourceRules<BoardLevel> = {
  levels: BOARD_LEVELS,
  creator: "full",
  public: "view",
  global: { "board-view-all": "view", "board-modify-all": "modify", "board-full-all": "full" },
};

export type BoardSubject = Subject;
export type BoardFacts = Facts<BoardLevel>;
export type BoardReason = Reason<BoardLevel>;

export const rankOf = (level: BoardLevel | null | undefined) => rankIn(BOARD_ACCESS, level);
export const levelOfRank = (rank: number) => levelIn(BOARD_ACCESS, rank);
export const globalBoardRank = (permissions: ReadonlySet<PermissionKey>) => globalRank(BOARD_ACCESS, permissions);
export const boardLevelOf = (subject: BoardSubject, facts: BoardFacts) => levelOf(BOARD_ACCESS, subject, facts);
export const boardAllows = (level: BoardLevel | null, needed: BoardLevel) => rankOf(level) >= rankOf(needed);

export function isBoardLevel(value: unknown): value is BoardLevel {
  return typeof value === "string" && (BOARD_LEVELS as readonly string[]).includes(value);
}
