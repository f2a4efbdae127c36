-- A number that grows with every committed change to what decides who is asking and what they may
-- open (ADR 035). Forward auth keeps its answers per instance and asks only for this number while it
-- is unchanged: one tiny statement, never a stale answer, on any instance.
--
-- It is bumped in the writing transaction itself, so a reader sees the new number exactly when it sees
-- the change (MVCC), and at commit (deferred), after the transaction's other locks, so the one row's
-- lock can't join a deadlock. Once per transaction, however many rows it changes.
create table access_generation (
  only_row boolean primary key default true constraint access_generation_one_row check (only_row),
  n bigint not null default 0
);
insert into access_generation default values;

create function porch_access_changed() returns trigger language plpgsql as $$
begin
  if current_setting('porch.access_bumped', true) is distinct from pg_current_xact_id()::text then
    perform set_config('porch.access_bumped', pg_current_xact_id()::text, true);
    update access_generation set n = n + 1;
  end if;
  return null;
end $$;

-- Every table the actor's statement or forward auth's facts read. tests/integration/access-generation
-- fails when a table is neither here nor on its list of tables that decide nothing.
do $$
declare
  t text;
begin
  foreach t in array array[
    'users', 'groups', 'group_members', 'user_permissions', 'group_permissions', 'user_totp', 'server_settings',
    'boards', 'board_items', 'board_user_permissions', 'board_group_permissions',
    'protected_apps', 'protected_app_user_permissions', 'protected_app_group_permissions']
  loop
    execute format('create constraint trigger access_changed after insert or update or delete on %I
                      deferrable initially deferred for each row execute function porch_access_changed()', t);
    execute format('create trigger access_truncated after truncate on %I
                      for each statement execute function porch_access_changed()', t);
  end loop;
end $$;

-- Sessions and keys: ending or changing one counts; the bookkeeping of their use doesn't (it is
-- written at most hourly per session, once a minute per key, and would empty every instance's answers).
create constraint trigger access_changed after delete on sessions
  deferrable initially deferred for each row execute function porch_access_changed();
create constraint trigger access_changed_update after update on sessions
  deferrable initially deferred for each row
  when ((to_jsonb(old) - 'last_used_at' - 'expires_at') is distinct from (to_jsonb(new) - 'last_used_at' - 'expires_at'))
  execute function porch_access_changed();
create trigger access_truncated after truncate on sessions for each statement execute function porch_access_changed();
create constraint trigger access_changed after delete on api_keys
  deferrable initially deferred for each row execute function porch_access_changed();
create constraint trigger access_changed_update after update on api_keys
  deferrable initially deferred for each row
  when ((to_jsonb(old) - 'last_used_at' - 'last_used_ip' - 'last_audited_at')
        is distinct from (to_jsonb(new) - 'last_used_at' - 'last_used_ip' - 'last_audited_at'))
  execute function porch_access_changed();
create trigger access_truncated after truncate on api_keys for each statement execute function porch_access_changed();
