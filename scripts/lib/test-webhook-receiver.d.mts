/* eslint-disable @typescript-eslint/no-explicit-any -- a message's data is whatever its event carries */
export interface ReceivedMessage {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: {
    type: string;
    timestamp: string;
    data: Record<string, any>;
  } | null;
  verified: boolean;
  error: string | null;
  status: number;
  at: number;
}
export declare function startWebhookReceiver(port?: number): Promise<{
  url: string;
  messages: ReceivedMessage[];
  setSecret(secret: string): void;
  failNext(...statuses: number[]): void;
  setDelay(ms: number): void;
  setBody(text: string | null): void;
  setTrickle(ms: number): void;
  close: () => Promise<void>;
}>;
