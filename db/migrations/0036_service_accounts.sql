-- Service accounts (issue #23 part 1, ADR 040): accounts for automations, with groups and permissions like
-- a person's, whose API keys survive the people who made them. They never sign in: no password, no email,
-- and the database itself refuses any session, pending sign-in, reset link, passkey, two-factor secret
-- or device approval for one, whatever code path asks (one place, whatever the code forgets).
alter table users add column kind text not null default 'person'
  constraint users_kind_check check (kind in ('person', 'service'));
alter table users add constraint users_service_sign_in_check
  check (kind = 'person' or (password_hash is null and email is null and provider = 'credentials'));

-- A person never becomes a service account, nor the other way round.
create function porch_users_kind_fixed() returns trigger language plpgsql as $$
begin
  raise exception 'an account''s kind never changes' using errcode = 'check_violation', constraint = 'users_kind_fixed';
end $$;
create trigger users_kind_fixed before update of kind on users
  for each row when (old.kind is distinct from new.kind) execute function porch_users_kind_fixed();

create function porch_refuse_service_account() returns trigger language plpgsql as $$
declare
  owner uuid;
begin
  -- Separate statements: each is planned only when run, and only one table has approved_by.
  if tg_table_name = 'device_sign_ins' then owner := new.approved_by; else owner := new.user_id; end if;
  if owner is not null and exists (select 1 from users where id = owner and kind = 'service') then
    raise exception 'a service account never signs in (%)', tg_table_name
      using errcode = 'check_violation', constraint = 'service_accounts_never_sign_in';
  end if;
  return new;
end $$;
create trigger sessions_service_account before insert on sessions
  for each row execute function porch_refuse_service_account();
create trigger pending_sign_ins_service_account before insert on pending_sign_ins
  for each row execute function porch_refuse_service_account();
create trigger password_resets_service_account before insert on password_resets
  for each row execute function porch_refuse_service_account();
create trigger webauthn_credentials_service_account before insert on webauthn_credentials
  for each row execute function porch_refuse_service_account();
create trigger user_totp_service_account before insert on user_totp
  for each row execute function porch_refuse_service_account();
create trigger device_sign_ins_service_account before update of approved_by on device_sign_ins
  for each row execute function porch_refuse_service_account();

create index users_kind_idx on users (kind) where kind = 'service';
