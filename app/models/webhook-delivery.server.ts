// Sending webhook messages (ADR 043): signed as Standard Webhooks says (webhook-id, webhook-timestamp,
// webhook-signature: v1,base64 HMAC-SHA256 of "id.timestamp.body"), claimed by one instance at a time
// (skip locked, then a lease), retried with backoff, recorded for the delivery log. A receiver may see a
// message twice (an instance stopped after it was sent, before it was recorded): the webhook-id repeats.
import { createHmac, randomBytes } from "node:crypto";
import { decrypt } from "~/auth/encryption.server";
import { getConfig } from "~/config.server";
import { getSql, type Sql } from "~/db.server";
import { OutboundRefusedError, postChecked } from "~/server/outbound-post.server";
import { DAY, HOUR, MINUTE, SECOND } from "~/utils/time";
import { TEST_EVENT } from "./webhook-events";

/** How long after each failed attempt the next one is made; after the last, the message is given up. */
const RETRY_DELAYS_MS = [10 * SECOND, MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 8 * HOUR, DAY];
let retryDelaysMs: readonly number[] = RETRY_DELAYS_MS;
/** An attempt under way holds its message this long; an instance that stops mid-send frees it then. */
const LEASE = "2 minutes";
const SEND_TIMEOUT_MS = 10 * SECOND;
const BATCH = 20;
const KEPT_MS = 30 * DAY;

let kickDelayMs: number | null = 1.5 * SECOND;

/** Tests send the queue themselves (null: no kick, no retry timer). */
export function setWebhookKickDelayForTests(ms: number | null): void {
  kickDelayMs = ms;
}

/** Tests retry in milliseconds, not hours. */
export function setWebhookRetryDelaysForTests(delays: readonly number[] | null): void {
  retryDelaysMs = delays ?? RETRY_DELAYS_MS;
}

/** A new signing secret, as Standard Webhooks writes them. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/** The webhook-signature header of `body` for message `id` sent at `timestamp` (seconds). */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

interface Claimed {
  id: string;
  webhookId: string;
  url: string;
  secretEncrypted: Uint8Array;
  payload: unknown;
  attempts: number;
}

export interface AttemptOutcome {
  delivered: boolean;
  status: number | null;
  ms: number | null;
  error: string | null;
}

/** One attempt: signed, POSTed, checked against WEBHOOK_ALLOWED_HOSTS when sent; never throws. */
async function attempt(message: Claimed): Promise<AttemptOutcome> {
  const body = JSON.stringify(message.payload);
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const secret = new TextDecoder().decode(decrypt(message.secretEncrypted));
    const answer = await postChecked(
      new URL(message.url),
      body,
      {
        "content-type": "application/json",
        "user-agent": "Porch-Webhooks",
        "webhook-id": message.id,
        "webhook-timestamp": String(timestamp),
        "webhook-signature": signWebhook(secret, message.id, timestamp, body),
      },
      getConfig().webhookHosts,
      SEND_TIMEOUT_MS,
    );
    const ok = answer.status >= 200 && answer.status < 300;
    // Control and format characters (a right-to-left override) would make the log say something else (attack44).
    const said = answer.excerpt
      .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, " ")
      .trim()
      .slice(0, 200);
    const error = ok
      ? null
      : answer.status >= 300 && answer.status < 400
        ? `Answered ${answer.status}: Porch doesn't follow redirects, give the final address`
        : `Answered ${answer.status}${said ? `: ${said}` : ""}`;
    return { delivered: ok, status: answer.status, ms: answer.ms, error };
  } catch (error) {
    const why = error instanceof OutboundRefusedError ? error.message : `Not sent: ${String(error)}`;
    return { delivered: false, status: null, ms: null, error: why.slice(0, 500) };
  }
}

/** Records an attempt: delivered, or due again after the backoff, or given up after the last. */
async function record(sql: Sql, message: Pick<Claimed, "id" | "attempts">, outcome: AttemptOutcome, retry = true): Promise<void> {
  const delay = retry ? retryDelaysMs[message.attempts - 1] : undefined;
  const state = outcome.delivered ? "delivered" : delay === undefined ? "failed" : "pending";
  await sql`
    update webhook_deliveries
       set state = ${state}, last_status = ${outcome.status}, last_ms = ${outcome.ms}, last_error = ${outcome.error},
           next_attempt_at = ${state === "pending" ? new Date(Date.now() + delay!) : new Date()}
     where id = ${message.id}`;
  // A retry within the minute is sent by this instance's timer; later ones by the job, wherever it runs.
  if (state === "pending" && delay! < MINUTE && kickDelayMs !== null)
    setTimeout(() => void deliverDueWebhooks(getSql()).catch(logFailure), delay).unref?.();
}

/** Takes up to BATCH due messages for this instance (others skip them) and leases them. */
async function claim(sql: Sql, only?: string): Promise<Claimed[]> {
  return sql<Claimed[]>`
    with due as (
      select d.id from webhook_deliveries d join webhooks w on w.id = d.webhook_id
       where d.state = 'pending'
         and ${only ? sql`d.id = ${only}` : sql`w.enabled and d.next_attempt_at <= now()`}
       order by d.next_attempt_at limit ${BATCH}
         for update of d skip locked),
    taken as (
      update webhook_deliveries d
         set attempts = attempts + 1, last_attempt_at = now(), next_attempt_at = now() + ${LEASE}::interval
        from due where d.id = due.id
      returning d.id, d.webhook_id, d.payload, d.attempts)
    select t.id, t.webhook_id, t.payload, t.attempts, w.url, w.secret_encrypted
      from taken t join webhooks w on w.id = t.webhook_id`;
}

/** Sends what is due (each message by one instance); returns how many were delivered. */
export async function deliverDueWebhooks(sql: Sql): Promise<number> {
  let delivered = 0;
  for (;;) {
    const batch = await claim(sql);
    if (!batch.length) return delivered;
    // Each outcome is recorded when it is known: a hanging receiver doesn't hold back the others' (attack44).
    await Promise.all(
      batch.map(async (message) => {
        const outcome = await attempt(message);
        await record(sql, message, outcome);
        if (outcome.delivered) delivered++;
      }),
    );
    if (batch.length < BATCH) return delivered;
  }
}

/** The job: sends what is due and forgets what was settled a month ago. */
export async function deliverWebhooksInJob(): Promise<number> {
  const sql = getSql();
  // Anything a month old: settled, or waiting on a webhook that was turned off.
  await sql`delete from webhook_deliveries where created_at < ${new Date(Date.now() - KEPT_MS)}`;
  return deliverDueWebhooks(sql);
}

/** After an answer that queued messages: once its change has committed, send them. */
export async function deliverSoon(): Promise<void> {
  if (kickDelayMs === null) return;
  await new Promise((resolve) => setTimeout(resolve, kickDelayMs!));
  await deliverDueWebhooks(getSql());
}

function logFailure(error: unknown): void {
  console.error(JSON.stringify({ level: "error", msg: "webhook delivery failed", error: String(error) }));
}

/** The test button: a porch.test message queued and sent now, logged like any other. */
export async function sendTestMessage(sql: Sql, webhookId: string, by: string | null): Promise<AttemptOutcome | null> {
  const [queued] = await sql<{ id: string }[]>`
    insert into webhook_deliveries (webhook_id, event_type, payload)
    select id, ${TEST_EVENT}, jsonb_build_object('type', ${TEST_EVENT}::text, 'timestamp', now(),
             'data', jsonb_build_object('webhook', name, 'by', (select username from users where id = ${by}::uuid)))
      from webhooks where id = ${webhookId}
    returning id`;
  if (!queued) return null;
  const [message] = await claim(sql, queued.id);
  if (!message) return null;
  const outcome = await attempt(message);
  // A test is told at once and never retried.
  await record(sql, message, outcome, false);
  return outcome;
}
