-- When each periodic job last ran, shared by every instance so a job runs once per period.
create table job_runs (
  name text primary key,
  last_run_at timestamptz not null
);
