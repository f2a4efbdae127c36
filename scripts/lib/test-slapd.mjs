// OpenLDAP slapd for the tests: a generated slapd.conf and LDIF on 127.0.0.1, loaded with slapadd.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { freePort } from "./embedded-db.mjs";

const SCHEMAS = ["core", "cosine", "inetorgperson", "nis"];

/**
 * With `tls`, it also answers ldaps:// (and StartTLS) with a certificate from a throw-away CA, made out
 * to `certNames` (subjectAltName entries; by default both 127.0.0.1 and localhost). `access` lines go
 * before the default ones (e.g. to hide entryUUID from the service account).
 * @param {{ dir: string, suffix: string, rootPassword: string, ldif: string, tls?: boolean, certNames?: string[], access?: string[] }} options
 * @returns {Promise<{ url: string, port: number, ldapsUrl: string | null, caFile: string | null, stop: () => Promise<void> }>}
 */
export async function startSlapd({
  dir,
  suffix,
  rootPassword,
  ldif,
  tls = false,
  certNames = ["IP:127.0.0.1", "DNS:localhost"],
  access = [],
}) {
  const db = path.join(dir, "db");
  mkdirSync(db, { recursive: true });
  const conf = path.join(dir, "slapd.conf");
  writeFileSync(
    conf,
    [
      ...SCHEMAS.map((s) => `include /etc/ldap/schema/${s}.schema`),
      `pidfile ${path.join(dir, "slapd.pid")}`,
      ...(tls ? makeCertificates(dir, certNames) : []),
      "modulepath /usr/lib/ldap",
      "moduleload back_mdb",
      "database mdb",
      `suffix "${suffix}"`,
      `rootdn "cn=admin,${suffix}"`,
      `rootpw ${rootPassword}`,
      `directory ${db}`,
      "maxsize 10485760",
      ...access,
      // Service and people may read; passwords are only for binding.
      "access to attrs=userPassword by anonymous auth by * none",
      "access to * by users read by * none",
      "",
    ].join("\n"),
  );
  const data = path.join(dir, "data.ldif");
  writeFileSync(data, ldif);
  const load = spawnSync("slapadd", ["-f", conf, "-l", data], { encoding: "utf8" });
  if (load.status !== 0) throw new Error(`slapadd failed: ${load.stderr}`);
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  const ldapsUrl = tls ? `ldaps://127.0.0.1:${await freePort()}` : null;
  const listen = ldapsUrl ? `${url}/ ${ldapsUrl}/` : `${url}/`;
  const child = spawn("slapd", ["-f", conf, "-h", listen, "-d", "0"], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr.on("data", (d) => (log += d));
  // Ready when the port accepts connections.
  const net = await import("node:net");
  const deadline = Date.now() + 10_000;
  for (;;) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (open) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`slapd did not start: ${log}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    url,
    port,
    ldapsUrl,
    caFile: tls ? path.join(dir, "ca.crt") : null,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.on("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** A CA and a server certificate for `names` (openssl), and the slapd.conf lines that use them. */
function makeCertificates(dir, names) {
  const file = (name) => path.join(dir, name);
  const run = (args) => {
    const result = spawnSync("openssl", args, { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr}`);
  };
  run([
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "2",
    "-subj",
    "/CN=Porch Test CA",
    "-keyout",
    file("ca.key"),
    "-out",
    file("ca.crt"),
  ]);
  run([
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-subj",
    "/CN=Porch Test Directory",
    "-keyout",
    file("server.key"),
    "-out",
    file("server.csr"),
  ]);
  writeFileSync(file("server.ext"), `subjectAltName=${names.join(",")}\n`);
  run([
    "x509",
    "-req",
    "-in",
    file("server.csr"),
    "-CA",
    file("ca.crt"),
    "-CAkey",
    file("ca.key"),
    "-CAcreateserial",
    "-days",
    "2",
    "-extfile",
    file("server.ext"),
    "-out",
    file("server.crt"),
  ]);
  return [
    `TLSCACertificateFile ${file("ca.crt")}`,
    `TLSCertificateFile ${file("server.crt")}`,
    `TLSCertificateKeyFile ${file("server.key")}`,
  ];
}
