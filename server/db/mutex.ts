/** A tiny FIFO async mutex: serialises work on the single SQLite connection. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    // The chain must survive a failed job, so the next one still runs.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
