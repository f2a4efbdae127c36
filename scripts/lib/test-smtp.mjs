// A real SMTP server for the tests (smtp-server): every mail it receives is written to `dir` as a file.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { SMTPServer } from "smtp-server";

/** @returns {Promise<{ url: string, close: () => Promise<void> }>} */
export async function startTestSmtp(dir, port = 0) {
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on("data", (c) => chunks.push(c));
      stream.on("end", () => {
        const to = session.envelope.rcptTo.map((r) => r.address).join(",");
        writeFileSync(path.join(dir, `${Date.now()}-${++count}.eml`), `X-Envelope-To: ${to}\r\n${Buffer.concat(chunks).toString()}`);
        callback();
      });
    },
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: bound } = server.server.address();
  return { url: `smtp://127.0.0.1:${bound}`, close: () => new Promise((resolve) => server.close(resolve)) };
}
