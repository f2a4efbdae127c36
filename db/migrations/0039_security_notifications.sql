-- Security notifications (issue #23 part 3): mails to the person when something happens to their
-- account. Queued in the same transaction as the audit row that records it, sent by whichever instance
-- picks it up (once: `for update skip locked`), retried a few times when SMTP fails.
create table notification_outbox (
  id bigserial primary key,
  user_id uuid not null references users (id) on delete cascade,
  kind text not null,
  -- Where it goes, fixed when queued: an email change is also told to the address it replaced.
  to_address text not null,
  facts jsonb not null default '{}',
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  attempts integer not null default 0,
  last_error text
);
create index notification_outbox_unsent_idx on notification_outbox (id) where sent_at is null;

-- The devices (browser and system, as Sessions names them) each person has signed in with: a sign-in
-- from one not listed is told to them.
create table known_devices (
  user_id uuid not null references users (id) on delete cascade,
  device text not null,
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  primary key (user_id, device)
);

-- The informational mails a person turned off (critical ones can't be).
alter table users add column notifications_off text[] not null default '{}';
