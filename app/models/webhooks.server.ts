// Admin webhooks (issue #23 part 3, ADR 043): the list an administrator keeps in Manage → Webhooks.
// The secret is made here, shown once, and kept sealed under SECRET_ENCRYPTION_KEY (the sender needs it
// back to sign). The URL is checked against WEBHOOK_ALLOWED_HOSTS when saved, and again at every send.
import { canEncrypt, encrypt } from "~/auth/encryption.server";
import { getConfig } from "~/config.server";
import type { Sql } from "~/db.server";
import { afterAnswer } from "~/server/after-answer.server";
import { checkedAddresses, OutboundRefusedError, urlRefusal } from "~/server/outbound-post.server";
import { recordChange, type AuditActor } from "./audit.server";
import { deliverSoon, newWebhookSecret } from "./webhook-delivery.server";
import type { WebhookEventType } from "./webhook-events";
import { rememberAdmins } from "./webhook-queue.server";

export class WebhookUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookUrlError";
  }
}

export const NEEDS_ENCRYPTION_KEY =
  "Webhooks need SECRET_ENCRYPTION_KEY, which keeps their signing secrets (npm start makes one in the data directory)";

export interface WebhookFields {
  name: string;
  url: string;
  events: WebhookEventType[];
}

/** Where a message to `url` would go now, checked as the sender will check it; throws WebhookUrlError. */
export async function checkWebhookUrl(text: string): Promise<void> {
  const url = new URL(text);
  const refused = urlRefusal(url);
  if (refused) throw new WebhookUrlError(refused);
  try {
    await checkedAddresses(url, getConfig().webhookHosts);
  } catch (error) {
    if (error instanceof OutboundRefusedError) throw new WebhookUrlError(error.message);
    throw error;
  }
}

/** What the audit log keeps of a URL: its origin (a path may hold a receiver's token, as Discord's do). */
const originOf = (url: string) => new URL(url).origin;

const wantsAdmins = (events: readonly string[]) => events.some((e) => e === "admin.granted" || e === "admin.revoked");

export async function createWebhook(sql: Sql, actor: AuditActor, fields: WebhookFields): Promise<{ id: string; secret: string }> {
  if (!canEncrypt()) throw new Error(NEEDS_ENCRYPTION_KEY);
  await checkWebhookUrl(fields.url);
  const secret = newWebhookSecret();
  return sql.begin(async (tx) => {
    const [row] = await tx<{ id: string }[]>`
      insert into webhooks (name, url, secret_encrypted, events, created_by)
      values (${fields.name}, ${fields.url}, ${encrypt(new TextEncoder().encode(secret))}, ${fields.events}::text[], ${actor.userId})
      returning id`;
    // admin.granted counts from now: the administrators there already are not news.
    if (wantsAdmins(fields.events)) await rememberAdmins(tx);
    await recordChange(
      tx,
      actor,
      "webhook.created",
      { type: "webhook", id: row.id },
      {
        name: fields.name,
        origin: originOf(fields.url),
        events: fields.events,
      },
    );
    return { id: row.id, secret };
  });
}

export async function updateWebhook(
  sql: Sql,
  actor: AuditActor,
  id: string,
  fields: WebhookFields & { enabled: boolean },
): Promise<boolean> {
  await checkWebhookUrl(fields.url);
  return sql.begin(async (tx) => {
    const [before] = await tx<{ enabled: boolean; events: string[] }[]>`select enabled, events from webhooks where id = ${id} for update`;
    if (!before) return false;
    await tx`
      update webhooks set name = ${fields.name}, url = ${fields.url}, events = ${fields.events}::text[], enabled = ${fields.enabled},
                          updated_at = now()
       where id = ${id}`;
    // Turned off: what waits is given up now (and can be sent again by hand), not sent in a burst when it is turned back on.
    if (before.enabled && !fields.enabled)
      await tx`
        update webhook_deliveries set state = 'failed', last_error = 'Not sent: the webhook was turned off'
         where webhook_id = ${id} and state = 'pending'`;
    const startsWanting = fields.enabled && wantsAdmins(fields.events) && !(before.enabled && wantsAdmins(before.events));
    if (startsWanting) await rememberAdmins(tx);
    await recordChange(
      tx,
      actor,
      "webhook.changed",
      { type: "webhook", id },
      {
        name: fields.name,
        origin: originOf(fields.url),
        events: fields.events,
        enabled: fields.enabled,
      },
    );
    return true;
  });
}

/** A new secret (the old one stops at once); returned to be shown once. */
export async function replaceWebhookSecret(sql: Sql, actor: AuditActor, id: string): Promise<string | null> {
  if (!canEncrypt()) throw new Error(NEEDS_ENCRYPTION_KEY);
  const secret = newWebhookSecret();
  return sql.begin(async (tx) => {
    const [row] = await tx<{ name: string }[]>`
      update webhooks set secret_encrypted = ${encrypt(new TextEncoder().encode(secret))}, updated_at = now()
       where id = ${id} returning name`;
    if (!row) return null;
    await recordChange(tx, actor, "webhook.secret-replaced", { type: "webhook", id }, { name: row.name });
    return secret;
  });
}

export async function deleteWebhook(sql: Sql, actor: AuditActor, id: string): Promise<boolean> {
  return sql.begin(async (tx) => {
    const [row] = await tx<{ name: string; url: string }[]>`delete from webhooks where id = ${id} returning name, url`;
    if (!row) return false;
    await recordChange(tx, actor, "webhook.deleted", { type: "webhook", id }, { name: row.name, origin: originOf(row.url) });
    return true;
  });
}

/** A failed message tried again now (with a fresh round of retries); never for a webhook that is off. */
export async function retryDelivery(sql: Sql, webhookId: string, deliveryId: string): Promise<"queued" | "off" | "gone"> {
  const [hook] = await sql<{ enabled: boolean }[]>`select enabled from webhooks where id = ${webhookId}`;
  if (hook && !hook.enabled) return "off";
  const rows = await sql`
    update webhook_deliveries set state = 'pending', attempts = 0, next_attempt_at = now()
     where id = ${deliveryId} and webhook_id = ${webhookId} and state = 'failed'`;
  if (!rows.count) return "gone";
  afterAnswer("webhooks", () => deliverSoon());
  return "queued";
}

export interface WebhookSummary {
  id: string;
  name: string;
  url: string;
  events: string[];
  enabled: boolean;
  createdAt: Date;
  pending: number;
  failed: number;
  lastDeliveredAt: Date | null;
}

export async function listWebhooks(sql: Sql): Promise<WebhookSummary[]> {
  return sql<WebhookSummary[]>`
    select w.id, w.name, w.url, w.events, w.enabled, w.created_at,
           (select count(*)::int from webhook_deliveries d where d.webhook_id = w.id and d.state = 'pending') as pending,
           (select count(*)::int from webhook_deliveries d where d.webhook_id = w.id and d.state = 'failed') as failed,
           (select max(d.last_attempt_at) from webhook_deliveries d where d.webhook_id = w.id and d.state = 'delivered') as last_delivered_at
      from webhooks w order by lower(w.name), w.id`;
}

export interface DeliveryRow {
  id: string;
  eventType: string;
  createdAt: Date;
  state: "pending" | "delivered" | "failed";
  attempts: number;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
  lastMs: number | null;
}

export const DELIVERIES_SHOWN = 50;

export async function getWebhook(sql: Sql, id: string) {
  const [hook] = await sql<Array<Omit<WebhookSummary, "pending" | "failed" | "lastDeliveredAt">>>`
    select id, name, url, events, enabled, created_at from webhooks where id = ${id}`;
  if (!hook) return null;
  const deliveries = await sql<DeliveryRow[]>`
    select id, event_type, created_at, state, attempts, next_attempt_at, last_attempt_at, last_status, last_error, last_ms
      from webhook_deliveries where webhook_id = ${id}
     order by created_at desc, id limit ${DELIVERIES_SHOWN}`;
  return { ...hook, deliveries };
}
