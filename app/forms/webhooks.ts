import * as v from "valibot";
import { WEBHOOK_EVENT_TYPES } from "~/models/webhook-events";
import { checkbox } from "./fields";
import { webUrl } from "./web-url";

const name = v.pipe(v.string("Give it a name"), v.trim(), v.minLength(1, "Give it a name"), v.maxLength(100, "At most 100 characters"));
const url = v.pipe(
  v.string("Enter the address that receives the messages"),
  v.trim(),
  webUrl("https://ntfy.example.com/porch"),
  v.maxLength(2048, "At most 2048 characters"),
);
const events = v.pipe(
  v.optional(v.array(v.picklist(WEBHOOK_EVENT_TYPES, "Unknown event")), []),
  v.minLength(1, "Choose at least one event"),
);

export const NewWebhookSchema = v.object({ name, url, events });
export const WebhookSchema = v.object({ intent: v.literal("save"), name, url, events, enabled: checkbox });
