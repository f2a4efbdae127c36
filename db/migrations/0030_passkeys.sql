-- Passkeys (issue #21, ADR 037): the credentials people register, and the challenges of ceremonies in
-- progress, shared by every instance.

-- One row per passkey. The id is the credential's own (base64url), unique across all users: a second
-- registration of the same authenticator credential is refused, never moved to another account.
create table webauthn_credentials (
  id text primary key,
  user_id uuid not null references users (id) on delete cascade,
  public_key bytea not null,
  -- The authenticator's signature counter as last seen; a response at or below it (when either is
  -- non-zero) comes from a clone and is refused.
  sign_count bigint not null default 0,
  transports text[] not null default '{}',
  backed_up boolean not null default false,
  device_type text not null check (device_type in ('singleDevice', 'multiDevice')),
  aaguid uuid,
  name text not null check (length(name) between 1 and 60),
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  last_used_ip text,
  last_used_user_agent text
);
create index webauthn_credentials_user on webauthn_credentials (user_id);

-- A challenge waits here from the options a browser was given until its answer redeems it (deleted:
-- single use) or it expires. The browser holds the row's id and a secret in a cookie (the id-secret
-- pattern of sessions), so an answer is accepted only from the browser that asked.
create table webauthn_challenges (
  id text primary key,
  secret_hash bytea not null,
  challenge text not null,
  purpose text not null check (purpose in ('register', 'sign-in', 'second-factor')),
  -- Whose registration or second factor; null for a sign-in, where the passkey names its person.
  user_id uuid references users (id) on delete cascade,
  -- The session a registration belongs to: signing out ends it.
  session_id text references sessions (id) on delete cascade,
  -- The password step a second factor finishes: a new sign-in (or a reset) ends it.
  pending_sign_in_id text references pending_sign_ins (id) on delete cascade,
  expires_at timestamptz not null
);
create index webauthn_challenges_expiry on webauthn_challenges (expires_at);
