/** What every core service receives first: the database and the clock (tests inject a fixed one). */
import type { Database } from "../db/index.js";

export interface Core {
  db: Database;
  /** The only source of "now" in the core; never call `new Date()` directly. */
  now: () => Date;
}
