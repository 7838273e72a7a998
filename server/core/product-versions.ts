/** Product versions as v4 clients see them: enabled versions per environment and channel, newest first. */
import type { EntityManager } from "typeorm";
import { ProductVersionEntity, type LicenseRow, type ProductVersionRow } from "../db/index.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import { findDevice } from "./find-device.js";
import { identifyLicense, type LicenseQuery } from "./identify-license.js";
import { termsOf } from "./license-terms.js";
import { assertLicenseUsable } from "./rules/license-state.js";

export interface VersionFilter {
  env?: string;
  channel?: string;
}

/** Enabled versions of the product matching the filter, newest release first. */
export async function listProductVersions(tx: EntityManager, productId: string, filter: VersionFilter): Promise<ProductVersionRow[]> {
  const rows = await tx.findBy(ProductVersionEntity, {
    productId, enabled: true, ...(filter.env ? { environment: filter.env } : {}), ...(filter.channel ? { channel: filter.channel } : {}),
  });
  return rows.sort(newestFirst);
}

/** The newest installation file for the filter, or null when the product has none. */
export async function latestInstallationFile(tx: EntityManager, productId: string, filter: VersionFilter): Promise<ProductVersionRow | null> {
  return (await listProductVersions(tx, productId, filter))[0] ?? null;
}

function newestFirst(a: ProductVersionRow, b: ProductVersionRow): number {
  const byDate = (b.releaseDate?.getTime() ?? 0) - (a.releaseDate?.getTime() ?? 0);
  return byDate !== 0 ? byDate : b.createdAt.getTime() - a.createdAt.getTime();
}

/**
 * The versions a license may install: released no later than the end of its maintenance period (when enabled),
 * else of its validity, when either is set.
 */
export function versionsAllowedBy(license: LicenseRow, versions: ProductVersionRow[]): ProductVersionRow[] {
  const terms = termsOf(license);
  const end = terms.enableMaintenancePeriod && terms.maintenancePeriod ? new Date(terms.maintenancePeriod) : license.expiresAt;
  return end ? versions.filter((version) => !version.releaseDate || version.releaseDate.getTime() <= end.getTime()) : versions;
}

/** The license's versions for the device, which must hold an active, usable license (`active_license_required`). */
export async function licensedVersions(core: Core, query: LicenseQuery, hardwareId: string, filter: VersionFilter): Promise<ProductVersionRow[]> {
  return core.db.read(async (tx) => {
    const identified = await identifyLicense(tx, query, { lock: false });
    const device = await findDevice(tx, identified, hardwareId);
    try {
      assertLicenseUsable(identified.license, core.now());
    } catch {
      throw new DomainError("ACTIVE_LICENSE_REQUIRED");
    }
    if (!device) throw new DomainError("ACTIVE_LICENSE_REQUIRED");
    return versionsAllowedBy(identified.license, await listProductVersions(tx, identified.product.id, filter));
  });
}

/** The installation file of `version`, or of the newest allowed version; `version_not_found` when there is none. */
export async function licensedInstallationFile(core: Core, query: LicenseQuery, hardwareId: string, filter: VersionFilter & { version?: string }): Promise<ProductVersionRow> {
  const versions = await licensedVersions(core, query, hardwareId, filter);
  const file = filter.version === undefined ? versions[0] : versions.find((candidate) => candidate.version === filter.version);
  if (!file) throw new DomainError("VERSION_NOT_FOUND");
  return file;
}
