-- A group may require a phishing-resistant sign-in (issue #21, ADR 037): a passkey, where a password
-- and a code are not enough. A session remembers how it was proved, so the requirement can be read
-- with the actor on every request.
alter table groups add column require_passkey boolean not null default false;

-- How the session's person proved who they are: the sign-in's provider ("credentials+totp",
-- "passkey", "oidc", …), or "passkey-confirmed" once a passkey answered inside it. Null for sessions
-- made before this column (they count as a password's).
alter table sessions add column proof text;

-- A passkey answering inside a signed-in session (the confirm page).
alter table webauthn_challenges drop constraint webauthn_challenges_purpose_check;
alter table webauthn_challenges add constraint webauthn_challenges_purpose_check
  check (purpose in ('register', 'sign-in', 'second-factor', 'session'));

-- Having a passkey now decides something (a key of someone a group requires one of is refused
-- without it): adding or removing one bumps the access generation (ADR 035); using or renaming one
-- doesn't.
create constraint trigger access_changed after insert or delete on webauthn_credentials
  deferrable initially deferred for each row execute function porch_access_changed();
create trigger access_truncated after truncate on webauthn_credentials for each statement execute function porch_access_changed();
