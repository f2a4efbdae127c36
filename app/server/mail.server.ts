import nodemailer from "nodemailer";
import { getConfig } from "~/config.server";

let transport: ReturnType<typeof nodemailer.createTransport> | null = null;
let transportUrl = "";

/** Sends a plain-text mail through SMTP_URL. Throws with the server's own words when it fails. */
export async function sendMail(to: string, subject: string, text: string): Promise<void> {
  const smtp = getConfig().smtp;
  if (!smtp) throw new Error("SMTP_URL is not set");
  if (!transport || transportUrl !== smtp.url) {
    transport = nodemailer.createTransport(smtp.url);
    transportUrl = smtp.url;
  }
  await transport.sendMail({ from: smtp.from, to, subject, text });
}
