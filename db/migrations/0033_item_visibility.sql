-- Who sees each item of a board (issue #22): everyone who sees the board (`limited` false), or only the
-- people and groups named here. A limited item whose every name is gone (the people and groups were
-- deleted) stays limited: it shows to nobody but the board's editors, never to everyone.
alter table board_items add column limited boolean not null default false;

create table board_item_users (
  item_id uuid not null references board_items (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  constraint board_item_users_pkey primary key (item_id, user_id)
);
create index board_item_users_user_id_idx on board_item_users (user_id);

create table board_item_groups (
  item_id uuid not null references board_items (id) on delete cascade,
  group_id uuid not null references groups (id) on delete cascade,
  constraint board_item_groups_pkey primary key (item_id, group_id)
);
create index board_item_groups_group_id_idx on board_item_groups (group_id);

-- A tile hidden from someone doesn't open its protected app for them: forward auth reads these (ADR 035).
do $$
declare
  t text;
begin
  foreach t in array array['board_item_users', 'board_item_groups']
  loop
    execute format('create constraint trigger access_changed after insert or update or delete on %I
                      deferrable initially deferred for each row execute function porch_access_changed()', t);
    execute format('create trigger access_truncated after truncate on %I
                      for each statement execute function porch_access_changed()', t);
  end loop;
end $$;
