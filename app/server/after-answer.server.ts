// Work a request starts but its answer must not wait for: the answer's timing would tell what the work
// found (a reset mail for an account that exists). The work runs once the answer is on its way.

const pending = new Set<Promise<void>>();
/** More waiting work than this (a flood) is dropped with a log line rather than piling up. */
const MAX_PENDING = 200;

export function afterAnswer(name: string, task: () => Promise<unknown>): void {
  if (pending.size >= MAX_PENDING) {
    console.error(JSON.stringify({ level: "warn", msg: `${name} dropped: too much work waiting`, pending: pending.size }));
    return;
  }
  const run = new Promise<void>((resolve) => setTimeout(resolve, 0))
    .then(task)
    .then(
      () => {},
      (error) => console.error(JSON.stringify({ level: "error", msg: `${name} failed`, error: String(error) })),
    )
    .finally(() => pending.delete(run));
  pending.add(run);
}

/** Waits (at most `timeoutMs`) for work started after answers: at shutdown, and in tests. */
export async function settleAfterAnswer(timeoutMs = 5_000): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  await Promise.race([Promise.allSettled([...pending]), timeout]);
  clearTimeout(timer);
}
