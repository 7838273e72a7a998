/**
 * Consumption counters (v4 `add_consumption`, `add_feature_consumption`, offline sync on deactivation): limits with
 * overages, unlimited and negative consumption, and reset periods. Callers hold the license row lock.
 */
import type { EntityManager } from "typeorm";
import { LicenseEntity, type ConsumptionPeriod, type ConsumptionTerms, type LicenseRow } from "../db/index.js";
import { DomainError } from "./errors.js";
import { termsOf } from "./license-terms.js";

/** The start of the period that contains `now` (UTC), for a counter that resets every `period`. */
export function periodStart(period: ConsumptionPeriod, now: Date): Date {
  const [y, m, d] = [now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()];
  if (period === "daily") return new Date(Date.UTC(y, m, d));
  if (period === "weekly") return new Date(Date.UTC(y, m, d - ((now.getUTCDay() + 6) % 7)));
  if (period === "monthly") return new Date(Date.UTC(y, m, 1));
  return new Date(Date.UTC(y, 0, 1));
}

/** The counter as it stands at `now`: back to 0 when its reset period has turned since it was last counted. */
export function currentConsumption(terms: ConsumptionTerms, now: Date): ConsumptionTerms {
  if (!terms.reset || !terms.period) return terms;
  const start = periodStart(terms.period, now).toISOString();
  if (terms.periodStartedAt === start) return terms;
  // A counter never counted before starts its first period now with what it holds.
  return terms.periodStartedAt === null ? { ...terms, periodStartedAt: start } : { ...terms, total: 0, periodStartedAt: start };
}

/**
 * Adds `amount` to a counter: negative amounts only where allowed, and never past max (+ overages) unless unlimited.
 * `allowOverLimit` records usage that already happened (an offline device syncing on deactivation).
 */
export function consume(terms: ConsumptionTerms, amount: number, now: Date, options: { allowOverLimit?: boolean } = {}): ConsumptionTerms {
  const current = currentConsumption(terms, now);
  if (amount < 0 && !current.allowNegative) throw new DomainError("NOT_ENOUGH_CONSUMPTIONS", "This license does not allow negative consumptions.");
  const limit = current.max + (current.allowOverages ? current.maxOverages : 0);
  const total = current.total + amount;
  if (amount > 0 && !current.allowUnlimited && !options.allowOverLimit && total > limit) throw new DomainError("NOT_ENOUGH_CONSUMPTIONS");
  return { ...current, total };
}

/** Adds to the license's own counter and saves it; INVALID_LICENSE_TYPE when the license counts no consumptions. */
export async function addLicenseConsumption(
  tx: EntityManager, license: LicenseRow, amount: number, now: Date, options: { allowOverLimit?: boolean } = {},
): Promise<LicenseRow> {
  const terms = termsOf(license);
  if (!terms.consumption) throw new DomainError("INVALID_LICENSE_TYPE", "The license is not a consumption license.");
  const next = { ...license, terms: { ...terms, consumption: consume(terms.consumption, amount, now, options) }, updatedAt: now };
  await tx.update(LicenseEntity, { id: license.id }, { terms: next.terms as never, updatedAt: now });
  return next;
}

