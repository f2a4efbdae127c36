-- Who last placed each tile (attack14): a tile opens a protected app to the board's viewers only when
-- whoever placed it may protect apps, so a board editor can't grant an app by linking to it (ADR 033).
alter table board_items add column placed_by uuid references users (id) on delete set null;
-- Tiles from before: their board's creator placed them, as far as anyone can tell.
update board_items i set placed_by = b.creator_id from boards b where b.id = i.board_id and i.kind = 'app';
create index board_items_placed_by_idx on board_items (placed_by) where placed_by is not null;
