/**
 * A fixed-window counter per key, in this instance's memory. For work that costs only this instance's
 * CPU (the password hint's estimator), where a counter shared in PostgreSQL would cost a round trip per
 * keystroke. Keeps at most `maxKeys` windows, dropping the oldest first, so a caller rotating keys can't
 * grow it; such a caller only resets counters, and each instance still bounds its own work.
 */
export class LocalRate {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** Counts one use of `key`: 0 when it may go on, else the milliseconds until it may. */
  take(key: string, now = Date.now()): number {
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      this.windows.delete(key);
      if (this.windows.size >= this.maxKeys) this.windows.delete(this.windows.keys().next().value as string);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    return window.count > this.limit ? window.start + this.windowMs - now : 0;
  }
}

/**
 * Milliseconds of work this instance may spend per window on something optional (the password hint's
 * estimator, up to ~60 ms a check): past it, callers are told to wait, so no number of callers can hold
 * the event loop for more than that share of the time.
 */
export class LocalTimeBudget {
  private windowStart = 0;
  private spent = 0;

  constructor(
    private readonly msPerWindow: number,
    private readonly windowMs: number,
  ) {}

  /** 0 when work may start now, else the milliseconds until the next window. */
  wait(now = Date.now()): number {
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.spent = 0;
    }
    return this.spent < this.msPerWindow ? 0 : this.windowStart + this.windowMs - now;
  }

  spend(ms: number): void {
    this.spent += ms;
  }
}
