-- Groups an invited person joins on accepting the invite (issue #19 item 13). A group deleted before
-- then simply drops out of the invite; so does the invite's row when the invite goes.
create table invite_groups (
  invite_id uuid not null references invites (id) on delete cascade,
  group_id uuid not null references groups (id) on delete cascade,
  primary key (invite_id, group_id)
);
create index invite_groups_group_id_idx on invite_groups (group_id);
