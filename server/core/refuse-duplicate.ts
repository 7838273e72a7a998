/** Unique indexes, not earlier reads, decide duplicates: they hold under concurrent requests on both engines. */
import { isUniqueViolation } from "../db/index.js";
import { DomainError, type DomainCode } from "./errors.js";

/** Runs `work` (a whole transaction), answering a unique-index violation with `code`. */
export async function refuseDuplicate<T>(code: DomainCode, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(code);
    throw error;
  }
}
