-- Admin webhooks (issue #23 part 3, ADR 043): signed JSON (Standard Webhooks) to URLs an administrator
-- lists, for the audit events they choose. A delivery is queued in the same transaction as the audit row
-- (a change that rolls back sends nothing), claimed by one instance at a time (`for update skip locked`
-- and a lease), retried with backoff, and kept for the delivery log.
create table webhooks (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  url text not null,
  -- whsec_… sealed under SECRET_ENCRYPTION_KEY: the receiver checks signatures with it, so it must be readable.
  secret_encrypted bytea not null,
  events text[] not null default '{}',
  enabled boolean not null default true,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table webhook_deliveries (
  -- Also the message's webhook-id: the same on every retry, so a receiver can drop a repeat.
  id uuid primary key default gen_random_uuid(),
  webhook_id uuid not null references webhooks (id) on delete cascade,
  event_type text not null,
  payload jsonb not null,
  created_at timestamptz not null default now(),
  -- pending until it is delivered or given up ('failed').
  state text not null default 'pending' check (state in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  -- When it may next be tried; also the lease of the instance sending it now.
  next_attempt_at timestamptz not null default now(),
  last_attempt_at timestamptz,
  last_status integer,
  last_error text,
  last_ms integer
);
create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where state = 'pending';
create index webhook_deliveries_log_idx on webhook_deliveries (webhook_id, created_at desc);

-- Who was an administrator when last looked: a change of that set is the admin.granted / admin.revoked
-- event, whichever path made it (a group, a permission, a directory mapping, the command line).
create table webhook_known_admins (
  user_id uuid primary key
);
