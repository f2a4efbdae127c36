-- The board list (app/permissions/board-list.server.ts) walks each path to access in name order from a
-- cursor and stops after a page, so no list query reads every board (issue #18, ADR 026).

-- Boards a person created, already in name order; it also serves users' "on delete set null".
create index boards_creator_name_idx on boards (creator_id, name);
drop index boards_creator_id_idx;

-- A person's own rows, with the board and level in the index: read without visiting the table (once
-- vacuum has marked its pages visible).
create index board_user_permissions_user_idx on board_user_permissions (user_id) include (board_id, level);
drop index board_user_permissions_user_id_idx;

-- A group's rows in their board's name order, so a page of a group's boards is a short index range.
-- The name is a copy, kept by the triggers below: set on every insert, changed with the board's own.
alter table board_group_permissions add column board_name text;
update board_group_permissions p set board_name = b.name from boards b where b.id = p.board_id;
alter table board_group_permissions alter column board_name set not null;

create function board_group_permissions_set_board_name() returns trigger language plpgsql as $$
begin
  new.board_name := (select name from boards where id = new.board_id);
  return new;
end
$$;
create trigger board_group_permissions_board_name before insert or update of board_id on board_group_permissions
  for each row execute function board_group_permissions_set_board_name();

create function boards_copy_name_to_group_rows() returns trigger language plpgsql as $$
begin
  update board_group_permissions set board_name = new.name where board_id = new.id;
  return null;
end
$$;
create trigger boards_renamed after update of name on boards
  for each row when (old.name is distinct from new.name) execute function boards_copy_name_to_group_rows();

create index board_group_permissions_group_name_idx on board_group_permissions (group_id, board_name) include (board_id, level);
drop index board_group_permissions_group_id_idx;

-- Rows of `everyone` count for every signed-in user: the list finds that group without reading the others.
create index groups_everyone_idx on groups (id) where name = 'everyone';
