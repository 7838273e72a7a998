/** Date arithmetic in seconds, as the license policy fields count, and a clock that can be moved. */

export function addSeconds(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000);
}

/** Unix seconds of a date (0 for none), as JWT claims carry them. */
export function unixSeconds(date: Date | null | undefined): number {
  return date ? Math.floor(date.getTime() / 1000) : 0;
}

/**
 * The wall clock shifted by an offset that can be moved forward, set or cleared: `now` is a `Core.now`, so the whole
 * server (expiry, leases, rate limits, webhook retries) follows it. Tests travel in time with it, and the sandbox lets
 * SDK teams do the same over HTTP.
 */
export class MovableClock {
  private offsetMs = 0;
  now = () => new Date(Date.now() + this.offsetMs);

  advance(ms: number) {
    this.offsetMs += ms;
  }

  set(date: Date) {
    this.offsetMs = date.getTime() - Date.now();
  }

  /** Back to the wall clock. */
  reset() {
    this.offsetMs = 0;
  }
}
