-- The audit log page filters by action, actor, target and IP, newest first, over millions of rows.
create index audit_log_action_created_idx on audit_log (action, created_at desc, id desc);
create index audit_log_target_idx on audit_log (target_type, target_id, created_at desc);
create index audit_log_ip_created_idx on audit_log (ip, created_at desc);
drop index audit_log_actor_user_id_idx;
create index audit_log_actor_created_idx on audit_log (actor_user_id, created_at desc, id desc);
