/**
 * What a vendor sets on a license's License API (v4) side, through v3's `licenseApi` and the admin CLI alike: the
 * terms, the customer and the bundle license. Omitted fields keep their value; counters (consumption totals and
 * period starts) are never taken from the input. The result is checked against what the v4 rules rely on.
 */
import { randomUUID } from "node:crypto";
import { Not, type EntityManager } from "typeorm";
import {
  LicenseEntity, ProductEntity,
  type ConsumptionTerms, type LicenseCustomField, type LicenseFeature, type LicenseRow, type LicenseTerms,
} from "../db/index.js";
import { DomainError } from "./errors.js";
import { productLicensingOf, termsOf } from "./license-terms.js";
import { definedOnly } from "./paging.js";
import { linkCustomer } from "./records.js";

/** Consumption settings; a counter's `total` and `periodStartedAt` are the server's. */
export type ConsumptionInput = Partial<Omit<ConsumptionTerms, "total" | "periodStartedAt">>;

/** A feature, identified by its code; the server keeps its id and counters while the code stays. */
export type FeatureInput = { code: string } & Partial<Omit<LicenseFeature, "id" | "code" | "consumption">> & { consumption?: ConsumptionInput | null };

export type LicenseTermsInput = Partial<Omit<LicenseTerms, "consumption" | "features" | "customFields">> & {
  consumption?: ConsumptionInput | null;
  features?: FeatureInput[];
  customFields?: LicenseCustomField[];
  customerId?: string | null;
  bundleLicenseId?: string | null;
};

const newCounter: ConsumptionTerms = {
  max: 0, total: 0, allowUnlimited: false, allowNegative: false, allowOverages: false, maxOverages: 0, reset: false, period: null, periodStartedAt: null,
};

/** The license after `input`, checked; the caller saves it (with the license row locked). */
export async function withLicenseTerms(tx: EntityManager, license: LicenseRow, input: LicenseTermsInput | undefined): Promise<LicenseRow> {
  if (!input) return license;
  const { consumption, features, customFields, customerId, bundleLicenseId, ...settings } = input;
  const before = termsOf(license);
  const changes: Partial<LicenseTerms> = definedOnly({
    ...pickTerms(settings),
    consumption: consumption === undefined ? undefined : consumption && counterWith(before.consumption, consumption),
    features: features && replaceFeatures(before.features, features),
    customFields: customFields?.map(({ name, dataType, value }) => ({ name, dataType: dataType ?? null, value })),
  });
  const next: LicenseRow = {
    ...license,
    terms: { ...license.terms, ...changes },
    customerId: customerId === undefined ? license.customerId ?? null : customerId,
    bundleLicenseId: bundleLicenseId === undefined ? license.bundleLicenseId ?? null : bundleLicenseId,
  };
  assertTermsConsistent(termsOf(next));
  if (customerId) await linkCustomer(tx, license.accountId, customerId);
  if (bundleLicenseId) await assertBundleLicense(tx, next, bundleLicenseId);
  return next;
}

/** Only the plain terms (the CLI's JSON may carry anything). */
function pickTerms(settings: Partial<LicenseTerms>): Partial<LicenseTerms> {
  const {
    licenseType, isTrial, trialDays, allowGracePeriod, gracePeriod, enableMaintenancePeriod, maintenancePeriod, canBorrow, maxBorrowTime,
    allowOfflineActivation, isAirGapped, isHardwareKeyAuth, maxLicenseUsers, orderStoreId, metadata,
  } = settings;
  return {
    licenseType, isTrial, trialDays, allowGracePeriod, gracePeriod, enableMaintenancePeriod, maintenancePeriod, canBorrow, maxBorrowTime,
    allowOfflineActivation, isAirGapped, isHardwareKeyAuth, maxLicenseUsers, orderStoreId, metadata,
  };
}

/** The settings of `input` over the counter's (or a new counter's); total and period start stay the server's. */
function counterWith(previous: ConsumptionTerms | null, input: ConsumptionInput): ConsumptionTerms {
  const { max, allowUnlimited, allowNegative, allowOverages, maxOverages, reset, period } = input;
  const base = previous ?? newCounter;
  const settings: ConsumptionInput = definedOnly({ max, allowUnlimited, allowNegative, allowOverages, maxOverages, reset, period });
  return { ...base, ...settings, total: base.total, periodStartedAt: base.periodStartedAt };
}

/** A replacement feature list: each feature as given (defaults for the rest); a kept code keeps its id and counters. */
function replaceFeatures(previous: LicenseFeature[], inputs: FeatureInput[]): LicenseFeature[] {
  const codes = new Set<string>();
  return inputs.map((input) => {
    if (codes.has(input.code)) throw new DomainError("DUPLICATE_FEATURE_CODE", `The feature code '${input.code}' appears more than once.`);
    codes.add(input.code);
    const kept = previous.find((feature) => feature.code === input.code);
    const counter = kept?.consumption ? { ...newCounter, total: kept.consumption.total, periodStartedAt: kept.consumption.periodStartedAt } : null;
    return {
      id: kept?.id ?? randomUUID(),
      code: input.code,
      name: input.name ?? input.code,
      expiryDate: input.expiryDate ?? null,
      type: input.type ?? "activation",
      isFloatingCloud: input.isFloatingCloud ?? false,
      floatingUsers: input.floatingUsers ?? null,
      floatingTimeout: input.floatingTimeout ?? 120,
      maxBorrowTime: input.maxBorrowTime ?? 0,
      metadata: input.metadata ?? {},
      consumption: input.consumption ? counterWith(counter, input.consumption) : null,
    };
  });
}

/** What the v4 rules rely on: consumption settings exactly where something is counted, seats on floating features. */
function assertTermsConsistent(terms: LicenseTerms): void {
  const refuse = (message: string) => {
    throw new DomainError("INVALID_LICENSE_API", message);
  };
  if ((terms.licenseType === "consumption") !== (terms.consumption !== null)) {
    refuse("A consumption license needs consumption settings, and only a consumption license has them.");
  }
  for (const feature of terms.features) {
    if ((feature.type === "consumption") !== (feature.consumption !== null)) {
      refuse(`Feature '${feature.code}': a consumption feature needs consumption settings, and only a consumption feature has them.`);
    }
    if (feature.isFloatingCloud && !feature.floatingUsers) refuse(`Feature '${feature.code}': a floating feature needs floatingUsers.`);
  }
  for (const counter of [terms.consumption, ...terms.features.map((feature) => feature.consumption)]) {
    if (counter?.reset && !counter.period) refuse("A consumption counter that resets needs a period.");
  }
  const names = terms.customFields.map((field) => field.name);
  if (new Set(names).size !== names.length) refuse("Custom field names must be unique.");
}

/**
 * The bundle license must be a license of the account whose product is a bundle listing this license's product, and
 * must not unlock another license of that product yet (a bundle unlocks one license per product).
 */
async function assertBundleLicense(tx: EntityManager, license: LicenseRow, bundleLicenseId: string): Promise<void> {
  const bundle = await tx.findOneBy(LicenseEntity, { id: bundleLicenseId, accountId: license.accountId });
  if (!bundle || bundle.id === license.id) throw new DomainError("INVALID_BUNDLE_LICENSE_ID");
  const product = await tx.findOneByOrFail(ProductEntity, { id: bundle.productId });
  if (!productLicensingOf(product).bundleProductIds?.includes(license.productId)) {
    throw new DomainError("INVALID_BUNDLE_LICENSE_ID", "The bundle license's product does not list this license's product.");
  }
  const sibling = await tx.existsBy(LicenseEntity, { bundleLicenseId, productId: license.productId, id: Not(license.id) });
  if (sibling) throw new DomainError("INVALID_BUNDLE_LICENSE_ID", "The bundle license already unlocks a license of this product.");
}
