// Display links (issue #22): a board shown read-only at an unguessable URL, for a wall tablet or a TV.
// The token is shown once; only its SHA-256 is kept. Each request re-checks everything: the link, its
// expiry, that its creator is active and still has full access to the board, and (for widgets) that
// they may still use each integration.
import type { Db, Sql } from "~/db.server";
import { hashToken, isToken, randomToken } from "~/auth/tokens.server";
import { itemsColumn, type LoadedItem } from "./board-items.server";
import { itemsSeenAt } from "~/permissions/board-items";
import { boardLevelOf, type BoardFacts } from "~/permissions/boards";
import { closePermissions, isPermissionKey, type PermissionKey } from "~/permissions/definitions";
import { effectivePermissionColumns } from "~/permissions/effective-permissions.server";
import type { Subject } from "~/permissions/resource-rules";
import { BOARD_TABLES, factColumns } from "~/permissions/resource-sql.server";
import { type AuditActor, recordAudit, recordChange } from "./audit.server";

export interface DisplayLinkInput {
  /** The API key it was made with: the link ends with the key. */
  apiKeyId?: string | null;
  name: string;
  expiresAt: Date | null;
  widgetsAsCreator: boolean;
  refreshSeconds: number;
}

export interface DisplayLinkRow {
  id: string;
  name: string;
  createdBy: string | null;
  widgetsAsCreator: boolean;
  refreshSeconds: number;
  expiresAt: Date | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
}

/** At most this many per board: a screen each, not a way to mint URLs without end. */
export const DISPLAY_LINKS_PER_BOARD = 50;

export class TooManyDisplayLinksError extends Error {
  constructor() {
    super(`A board has at most ${DISPLAY_LINKS_PER_BOARD} display links: revoke one first.`);
    this.name = "TooManyDisplayLinksError";
  }
}

/** Makes a link; the token is in the answer only (the URL is BASE_URL + /display/ + token). */
export async function createDisplayLink(
  sql: Sql,
  actor: AuditActor & { userId: string },
  boardId: string,
  input: DisplayLinkInput,
): Promise<{ id: string; token: string }> {
  const token = randomToken(20);
  return sql.begin(async (tx) => {
    // The board's row lock keeps two creations from both passing the count.
    await tx`select 1 from boards where id = ${boardId} for update`;
    const [{ n }] = await tx<{ n: number }[]>`select count(*)::int as n from display_links where board_id = ${boardId}`;
    if (n >= DISPLAY_LINKS_PER_BOARD) throw new TooManyDisplayLinksError();
    const [row] = await tx<{ id: string }[]>`
      insert into display_links (board_id, token_hash, name, created_by, api_key_id, widgets_as_creator, refresh_seconds, expires_at)
      values (${boardId}, ${hashToken(token)}, ${input.name}, ${actor.userId}, ${input.apiKeyId ?? null}, ${input.widgetsAsCreator},
              ${input.refreshSeconds}, ${input.expiresAt})
      returning id`;
    await recordChange(
      tx,
      actor,
      "display-link.created",
      { type: "board", id: boardId },
      {
        link: row.id,
        name: input.name,
        widgetsAsCreator: input.widgetsAsCreator,
        refreshSeconds: input.refreshSeconds,
        expiresAt: input.expiresAt?.toISOString() ?? null,
      },
    );
    return { id: row.id, token };
  }) as Promise<{ id: string; token: string }>;
}

export async function listDisplayLinks(db: Db, boardId: string): Promise<Array<DisplayLinkRow & { creator: string | null }>> {
  return db`
    select l.id, l.name, l.created_by, u.username as creator, l.widgets_as_creator, l.refresh_seconds, l.expires_at, l.created_at,
           l.last_used_at, l.last_used_ip
      from display_links l left join users u on u.id = l.created_by
     where l.board_id = ${boardId} order by l.created_at, l.id`;
}

/** Ends a link at once; false when the board has no such link. */
export async function revokeDisplayLink(sql: Sql, actor: AuditActor, boardId: string, id: string): Promise<boolean> {
  return sql.begin(async (tx) => {
    const [gone] = await tx<{ name: string }[]>`delete from display_links where id = ${id}::uuid and board_id = ${boardId} returning name`;
    if (!gone) return false;
    await recordChange(tx, actor, "display-link.revoked", { type: "board", id: boardId }, { link: id, name: gone.name });
    return true;
  }) as Promise<boolean>;
}

/** What decides whether a link still works, read in its load's statement and by the sweep. */
type LinkFacts = BoardFacts & {
  id: string;
  name: string;
  createdBy: string;
  makerActive: boolean;
  keyLive: boolean;
  boardId: string;
  permissions: PermissionKey[];
  mustSetUp2fa: boolean;
  passkeyStanding: string | null;
  /** Made with an API key: what it was granted, and whether it acts on its owner's rows. */
  keyPermissions: string[] | null;
  keyActsAsOwner: boolean | null;
};

type Resolved = LinkFacts & {
  widgetsAsCreator: boolean;
  refreshSeconds: number;
  boardName: string;
  title: string;
  items: LoadedItem[];
};

/** The columns of LinkFacts, over `display_links l`, `boards r`, `users u` (its maker) and `api_keys k`. */
function linkFactsColumns(db: Db, now: Date) {
  return db`
    l.id, l.name, l.created_by, r.id as board_id, k.permissions as "keyPermissions", k.act_as_owner as "keyActsAsOwner",
    u.status = 'active' as "makerActive",
    (l.api_key_id is null or (k.revoked_at is null and (k.expires_at is null or k.expires_at > ${now}))) as "keyLive",
    ${factColumns(db, BOARD_TABLES, db`l.created_by`)},
    ${effectivePermissionColumns(db)}`;
}

/**
 * Whose access the link has: its maker's, or, made with an API key, no more than the key's (attack35:
 * a key granted less than its owner lent the owner's integrations to its display), as the key itself
 * would be seen (api-key.server.ts): its grants within the owner's permissions now, and the owner's rows
 * only if it acts as them.
 */
function makerOf(row: LinkFacts): Subject {
  const owner = closePermissions(row.permissions);
  if (row.keyPermissions === null) return { signedIn: true, userId: row.createdBy, permissions: owner, guestsAllowed: true };
  const granted = closePermissions(row.keyPermissions.filter(isPermissionKey));
  return {
    signedIn: true,
    userId: row.keyActsAsOwner ? row.createdBy : null,
    permissions: new Set([...granted].filter((p) => owner.has(p))),
    guestsAllowed: true,
  };
}

/** Why a link can't work any more, or null: the one rule for its loads and for the sweep. */
function deadReason(row: LinkFacts): string | null {
  if (!row.makerActive) return "maker inactive";
  if (!row.keyLive) return "API key ended";
  return boardLevelOf(makerOf(row), row).level !== "full" ? "maker lost full access" : null;
}

export interface OpenedDisplay {
  /** `widgetsAsCreator`: chosen, and the maker isn't held back now (attack34: a group's two-factor or passkey rule). */
  link: { id: string; name: string; refreshSeconds: number; widgetsAsCreator: boolean };
  board: { id: string; name: string; title: string };
  /** The items everyone who sees the board sees (none limited to some). */
  items: ReturnType<typeof itemsSeenAt<LoadedItem>>;
  /** Whose access the widgets use, when the creator chose "show widget data as me". */
  creator: Subject;
}

/**
 * The board a display token shows, with its items, in one statement; null for a token that is malformed,
 * unknown or expired. A link whose maker is inactive or no longer has full access to the board, or whose
 * API key was revoked or expired, is deleted then (attack33: given back their access, the maker would
 * otherwise find it working again) and answers null.
 */
export async function openDisplay(db: Db, token: string, now = new Date()): Promise<OpenedDisplay | null> {
  if (!isToken(token)) return null;
  const [row] = await db<Resolved[]>`
    select ${linkFactsColumns(db, now)}, l.widgets_as_creator, l.refresh_seconds, r.name as board_name, r.title,
           ${itemsColumn(db, { user: null })} as items
      from display_links l
      join boards r on r.id = l.board_id
      join users u on u.id = l.created_by
      left join api_keys k on k.id = l.api_key_id
     where l.token_hash = ${hashToken(token)} and (l.expires_at is null or l.expires_at > ${now})`;
  if (!row) return null;
  const creator = makerOf(row);
  const ended = deadReason(row);
  if (ended) {
    await endDisplayLink(db, row.id, row.boardId, row.name, ended);
    return null;
  }
  return {
    link: {
      id: row.id,
      name: row.name,
      refreshSeconds: row.refreshSeconds,
      // A maker a group holds back (two-factor to set up, a passkey to add) may use nothing now: nor may their display.
      widgetsAsCreator: row.widgetsAsCreator && !row.mustSetUp2fa && (row.passkeyStanding === null || row.passkeyStanding === "has"),
    },
    board: { id: row.boardId, name: row.boardName, title: row.title },
    // A viewer with no rows of their own: exactly the items for everyone who sees the board.
    items: itemsSeenAt("view", row.items),
    creator,
  };
}

/**
 * Every minute (app/server/jobs.server.ts): deletes the links that can't work any more, by the rule
 * their loads apply, so a maker who lost full access and got it back within the minute is the only
 * case a link survives unopened (attack34: before, any link not opened in between came back).
 */
export async function sweepDisplayLinks(db: Db, now = new Date()): Promise<number> {
  const rows = await db<LinkFacts[]>`
    select ${linkFactsColumns(db, now)}
      from display_links l
      join boards r on r.id = l.board_id
      join users u on u.id = l.created_by
      left join api_keys k on k.id = l.api_key_id`;
  let ended = 0;
  for (const row of rows) {
    const reason = deadReason(row);
    if (reason) {
      await endDisplayLink(db, row.id, row.boardId, row.name, reason);
      ended++;
    }
  }
  return ended;
}

/** Deletes a link that can't work any more, saying why in the audit log. */
async function endDisplayLink(db: Db, id: string, boardId: string, name: string, reason: string): Promise<void> {
  const gone = await db`delete from display_links where id = ${id} returning id`;
  if (gone.length)
    await recordAudit(db, {
      action: "display-link.ended",
      actorType: "system",
      targetType: "board",
      targetId: boardId,
      details: { link: id, name, reason },
    });
}

/** Loads per link per minute: a TV reloads at most every 30 seconds; more is someone else. */
export const DISPLAY_LOADS_PER_MINUTE = 12;
const AUDIT_USE_EVERY_MS = 60 * 60_000;

/**
 * Counts this load and notes it (time, address); an audit row at most once an hour. False when the link
 * was loaded more than DISPLAY_LOADS_PER_MINUTE times this minute (attack33: each load with widget data
 * calls the integrations with the maker's credentials): the caller answers 429.
 */
export async function noteDisplayUse(
  db: Db,
  opened: OpenedDisplay,
  client: { ip: string | null; userAgent: string | null },
  now = new Date(),
): Promise<boolean> {
  const minuteAgo = new Date(now.getTime() - 60_000);
  const [row] = await db<{ loads: number; audit: boolean }[]>`
    update display_links
       set loads = case when load_window > ${minuteAgo} then loads + 1 else 1 end,
           load_window = case when load_window > ${minuteAgo} then load_window else ${now} end,
           last_used_at = ${now}, last_used_ip = ${client.ip},
           last_audited_at = case when last_audited_at is null or last_audited_at <= ${new Date(now.getTime() - AUDIT_USE_EVERY_MS)}
                                  then ${now}::timestamptz else last_audited_at end
     where id = ${opened.link.id}
    returning loads, last_audited_at = ${now}::timestamptz as audit`;
  if (row?.audit)
    await recordAudit(db, {
      action: "display-link.used",
      actorType: "anonymous",
      targetType: "board",
      targetId: opened.board.id,
      ip: client.ip,
      userAgent: client.userAgent,
      details: { link: opened.link.id, name: opened.link.name },
    });
  return (row?.loads ?? 0) <= DISPLAY_LOADS_PER_MINUTE;
}
