/**
 * Bundles: a bundle product lists the products it unlocks (`bundleProductIds`); a license of the bundle product
 * unlocks one license of each listed product (their `bundleLicenseId` points at it). Bundle calls act on every
 * unlocked license in one transaction: all of them or none.
 */
import { In, type EntityManager } from "typeorm";
import { LicenseEntity, ProductEntity, lockLicense, type LicenseRow, type ProductRow } from "../db/index.js";
import { activateIdentified, type DeviceActivation, type DeviceReport } from "./activate-device.js";
import { retryOnceOnDuplicate } from "./activate-license.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import { deactivateMachine } from "./deactivate-activation.js";
import { findDevice } from "./find-device.js";
import { checkIdentified } from "./check-device.js";
import { identifyLicense, type IdentifiedLicense, type LicenseQuery } from "./identify-license.js";
import { productLicensingOf } from "./license-terms.js";
import { assertLicenseUsable } from "./rules/license-state.js";

export interface BundleMember {
  product: ProductRow;
  license: LicenseRow;
}

/** The bundle's product list; refused when `product` is no bundle. */
export function bundleProductIds(product: ProductRow): string[] {
  const ids = productLicensingOf(product).bundleProductIds;
  if (!ids?.length) throw new DomainError("PRODUCT_NOT_FOUND", "The product is not a bundle.");
  return ids;
}

/**
 * The licenses the bundle license unlocks, in the order of the bundle's product list. With `lock`, each is locked,
 * always in that order, so concurrent bundle calls cannot deadlock. A bundle license that unlocks nothing is
 * LICENSE_NOT_FOUND: there is no license to act on.
 */
export async function unlockedLicenses(tx: EntityManager, bundle: BundleMember, options: { lock: boolean }): Promise<BundleMember[]> {
  const productIds = bundleProductIds(bundle.product);
  const licenses = await tx.find(LicenseEntity, { where: { bundleLicenseId: bundle.license.id, productId: In(productIds) }, order: { createdAt: "ASC" } });
  const products = await tx.findBy(ProductEntity, { id: In(productIds) });
  const members: BundleMember[] = [];
  for (const productId of productIds) {
    const product = products.find((p) => p.id === productId);
    const license = licenses.find((l) => l.productId === productId);
    if (!product || !license) continue;
    members.push({ product, license: options.lock ? ((await lockLicense(tx, license.id)) ?? license) : license });
  }
  if (members.length === 0) throw new DomainError("LICENSE_NOT_FOUND", "The bundle license unlocks no license.");
  return members;
}

/**
 * The bundle license the query names (product = the bundle's code) and its unlocked licenses, as licenses of the same
 * user. With `usable`, the bundle license itself must be usable: disabling it disables the whole bundle.
 */
export async function identifyBundle(
  tx: EntityManager, query: LicenseQuery, now: Date, options: { lock: boolean; usable: boolean },
): Promise<{ bundle: IdentifiedLicense; members: IdentifiedLicense[] }> {
  const bundle = await identifyLicense(tx, query, options);
  bundleProductIds(bundle.product);
  if (options.usable) assertLicenseUsable(bundle.license, now);
  const members = await unlockedLicenses(tx, bundle, options);
  return { bundle, members: members.map((member) => ({ ...member, user: bundle.user })) };
}

/** A bundle call's result: the bundle license and the device on each license it unlocks. */
export interface BundleDevices {
  bundle: IdentifiedLicense;
  members: DeviceActivation[];
}

/** Activates the device on every license of the bundle, or on none (`activate_bundle`, `activate_bundle_offline`). */
export async function activateBundle(core: Core, query: LicenseQuery, report: DeviceReport, options: { offline: boolean }): Promise<BundleDevices> {
  return retryOnceOnDuplicate(() =>
    core.db.transaction(async (tx) => {
      const now = core.now();
      const { bundle, members } = await identifyBundle(tx, { ...query, passwordRequired: true }, now, { lock: true, usable: true });
      const activations: DeviceActivation[] = [];
      for (const member of members) activations.push(await activateIdentified(tx, member, report, now, options));
      return { bundle, members: activations };
    }),
  );
}

/** The state of every license of the bundle for a device that holds them all (`check_bundle`); floating seats renewed. */
export async function checkBundle(core: Core, query: LicenseQuery, hardwareId: string): Promise<BundleDevices> {
  return core.db.transaction(async (tx) => {
    const now = core.now();
    const { bundle, members } = await identifyBundle(tx, query, now, { lock: true, usable: true });
    const checked: DeviceActivation[] = [];
    for (const member of members) checked.push(await checkIdentified(tx, member, hardwareId, now));
    return { bundle, members: checked };
  });
}

/**
 * Removes the device from every license of the bundle that has it (`deactivate_bundle`), each counted as a transfer;
 * ACTIVATION_NOT_FOUND when none has it. All or nothing: a transfer limit on one license keeps the device on all.
 */
export async function deactivateBundle(core: Core, query: LicenseQuery, hardwareId: string): Promise<void> {
  await core.db.transaction(async (tx) => {
    const now = core.now();
    const { members } = await identifyBundle(tx, query, now, { lock: true, usable: false });
    let removed = 0;
    for (const member of members) {
      const device = await findDevice(tx, member, hardwareId);
      if (!device) continue;
      await deactivateMachine(tx, member.license, device, now);
      removed++;
    }
    if (removed === 0) throw new DomainError("ACTIVATION_NOT_FOUND", "The device is not activated on this bundle.");
  });
}
