// How the bench measures: autocannon for throughput, sequential requests for latency percentiles,
// /proc for memory, the server's own compressed answers for transferred bytes (wire-bytes.mjs).
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

/** Requests per second over `seconds` with `connections` clients; errors and non-2xx counted. */
export async function throughput(url, { headers = {}, connections = 20, seconds = 5, onSample } = {}) {
  const sampler = onSample ? setInterval(onSample, 250) : null;
  try {
    const result = await autocannon({ url, headers, connections, duration: seconds });
    return {
      rps: Math.round(result.requests.average),
      p50: result.latency.p50,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
    };
  } finally {
    if (sampler) clearInterval(sampler);
  }
}

/** p50 and p95 of `runs` sequential requests (after two warm-ups). */
export async function latency(url, { headers = {}, runs = 30, method = "GET", body } = {}) {
  const times = [];
  for (let i = 0; i < runs + 2; i++) {
    const start = performance.now();
    const res = await fetch(url, { method, headers, body, redirect: "manual" });
    await res.arrayBuffer();
    if (res.status >= 400) throw new Error(`${url}: ${res.status}`);
    if (i >= 2) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const pct = (p) => +times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
  return { p50: pct(0.5), p95: pct(0.95) };
}

/** Resident memory of a process, in MB. */
export function rssMb(pid) {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"));
  return line ? Math.round(Number(line.replace(/\D+/g, "")) / 1024) : null;
}

export { wireBytes } from "./wire-bytes.mjs";
