/** What every core service receives first: the database and the clock (tests inject a fixed one). */
import type { Database } from "../db/index.js";

export interface Core {
  db: Database;
  /** The only source of "now" in the core; never call `new Date()` directly. */
  now: () => Date;
  /**
   * Real time, for checks against the caller's own clock (the v4 request `Date` window); `now` when absent. The
   * sandbox moves `now` but not this: SDKs stamp requests with their machine's time, not the server's.
   */
  wallNow?: () => Date;
}
