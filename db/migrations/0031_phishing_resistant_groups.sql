-- A group may require a phishing-resistant sign-in (issue #21, ADR 037): a passkey, where a password
-- and a code are not enough. A session remembers how it was proved, so the requirement can be read
-- with the actor on every request.
alter table groups add column require_passkey boolean not null default false;
-- Until when its members without a passkey may add their first one in a password's session (chosen
-- by the administrator; null: never, they ask an administrator). Past it, a password can't enrol one:
-- whoever phished it would (attack26).
alter table groups add column passkey_grace_until timestamptz;

-- How the session's person proved who they are: the sign-in's provider ("credentials+totp",
-- "passkey", "oidc", …), or "passkey-confirmed" once a passkey answered inside it. Null for sessions
-- made before this column (they count as a password's).
alter table sessions add column proof text;
-- The passkey that proved this session (signed in with it, or confirmed with it): the requirement is
-- met while it exists. Removing the passkey (a lost device, a thief's) takes the proof away from every
-- session it made (attack26).
alter table sessions add column passkey_id text references webauthn_credentials (id) on delete set null;

-- The passkey that proved the session an API key was made in, if one did. Where a group requires a
-- passkey sign-in, a key is as good as the session that made it: one made with a password only (before
-- the rule, or by whoever phished it) doesn't work, nor one whose passkey was removed (attack27).
alter table api_keys add column passkey_id text references webauthn_credentials (id) on delete set null;

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
