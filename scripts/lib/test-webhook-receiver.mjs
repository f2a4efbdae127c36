// A real webhook receiver for the tests: an HTTP server that checks every message's signature with the
// Standard Webhooks reference library (not Porch's code), records it, and fails on request (a status,
// or a delay past Porch's time limit) to exercise retries.
import http from "node:http";
import { Webhook } from "standardwebhooks";

export async function startWebhookReceiver(port = 0) {
  const messages = [];
  const failures = [];
  const state = { secret: null, delayMs: 0, body: null, trickleMs: 0 };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let verified = false;
      let error = null;
      try {
        if (state.secret) {
          new Webhook(state.secret).verify(body, req.headers);
          verified = true;
        }
      } catch (e) {
        error = String(e?.message ?? e);
      }
      let json = null;
      try {
        json = JSON.parse(body);
      } catch {
        json = null;
      }
      const status = failures.length ? failures.shift() : 200;
      messages.push({ path: req.url, headers: req.headers, body, json, verified, error, status, at: Date.now() });
      setTimeout(() => {
        res.writeHead(status, { "content-type": "text/plain" });
        const text = state.body ?? (status < 300 ? "ok" : `failing on purpose (${status})`);
        // A receiver that answers at once and then sends its body slowly.
        if (state.trickleMs) {
          res.write(text.slice(0, 1));
          setTimeout(() => res.end(text.slice(1)), state.trickleMs);
        } else res.end(text);
      }, state.delayMs);
    });
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: bound } = server.address();
  return {
    url: `http://127.0.0.1:${bound}`,
    messages,
    /** The secret Porch showed: every later message must verify with it. */
    setSecret(secret) {
      state.secret = secret;
    },
    /** The next answers are these statuses, in order (then 200 again). */
    failNext(...statuses) {
      failures.push(...statuses);
    },
    setDelay(ms) {
      state.delayMs = ms;
    },
    /** What the next answers say (null: the usual words). */
    setBody(text) {
      state.body = text;
    },
    /** Answer at once, then finish the body after `ms`. */
    setTrickle(ms) {
      state.trickleMs = ms;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
