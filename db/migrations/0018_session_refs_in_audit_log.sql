-- Audit rows named sessions by their id, which once sufficed to end them. They now name a session by its
-- reference (app/auth/tokens.server.ts sessionRef: the first 16 hex digits of SHA-256 of the id).
update audit_log
   set target_id = left(encode(sha256(convert_to(target_id, 'UTF8')), 'hex'), 16)
 where target_type = 'session' and target_id ~ '^[a-z2-7]{32}$';
