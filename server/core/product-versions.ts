/** Product versions as v4 clients see them: enabled versions per environment and channel, newest first. */
import type { EntityManager } from "typeorm";
import { ProductVersionEntity, type ProductVersionRow } from "../db/index.js";

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
