/**
 * Releases as vendors manage them (v3 `/v3/releases`, the admin CLI's add-product-version): one installation file per
 * product, version, environment and channel. v4 clients read the enabled ones (product-versions.ts).
 */
import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { ProductVersionEntity, type ProductVersionRow } from "../db/index.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import { toDate } from "./metadata.js";
import type { Page, PageRequest, Release } from "./model.js";
import { definedOnly, findPage } from "./paging.js";
import { findProduct } from "./records.js";
import { refuseDuplicate } from "./refuse-duplicate.js";
import { releaseVersionPattern } from "./rules/activation-guards.js";

type ReleaseFields = Omit<ProductVersionRow, "id" | "accountId" | "productId" | "releaseDate" | "createdAt" | "updatedAt">;

/** A new release; omitted optional fields are null, `channel` is `stable` and `enabled` true. */
export type ReleaseInput = Pick<ReleaseFields, "version" | "environment" | "fullLink" | "filename"> &
  Partial<ReleaseFields> & { productId: string; releaseDate?: Date | string | null };

/** The fields to change; the product of a release never changes. */
export type ReleaseUpdate = Partial<Omit<ReleaseInput, "productId">>;

export interface ReleaseFilters extends PageRequest {
  productId?: string;
  channel?: string;
  environment?: string;
}

const defaultChannel = "stable";

/** Publishes a release of a product of the account (INVALID_PRODUCT_ID otherwise, RELEASE_ALREADY_EXISTS on a clash). */
export async function createRelease(core: Core, accountId: string, input: ReleaseInput): Promise<Release> {
  assertVersions(input);
  return refuseDuplicate("RELEASE_ALREADY_EXISTS", () =>
    core.db.transaction(async (tx) => {
      await findProduct(tx, accountId, input.productId, "INVALID_PRODUCT_ID");
      const now = core.now();
      const row = withChanges({
        id: randomUUID(), accountId, productId: input.productId, version: input.version, environment: input.environment, channel: defaultChannel,
        fullLink: input.fullLink, filename: input.filename, releaseDate: null, hashMd5: null, eulaLink: null, releaseNotesLink: null, size: null,
        requiresVersion: null, enabled: true, name: null, notes: null, createdAt: now, updatedAt: now,
      }, input);
      await tx.insert(ProductVersionEntity, row);
      return row;
    }),
  );
}

export async function listReleases(core: Core, accountId: string, query: ReleaseFilters = {}): Promise<Page<Release>> {
  const where = definedOnly({ accountId, productId: query.productId, channel: query.channel, environment: query.environment });
  return core.db.read((tx) => findPage(tx, ProductVersionEntity, where, query, ["createdAt", "updatedAt"]));
}

export async function getRelease(core: Core, accountId: string, id: string): Promise<Release> {
  return core.db.read((tx) => findRelease(tx, accountId, id));
}

/** Changes the given fields (null clears an optional one); a changed version, environment or channel may clash. */
export async function updateRelease(core: Core, accountId: string, id: string, input: ReleaseUpdate): Promise<Release> {
  assertVersions(input);
  return refuseDuplicate("RELEASE_ALREADY_EXISTS", () =>
    core.db.transaction(async (tx) => {
      const next = { ...withChanges(await findRelease(tx, accountId, id), input), updatedAt: core.now() };
      await tx.save(ProductVersionEntity, next);
      return next;
    }),
  );
}

/** Withdraws a release: v4 clients no longer see it. */
export async function deleteRelease(core: Core, accountId: string, id: string): Promise<void> {
  await core.db.transaction(async (tx) => {
    await findRelease(tx, accountId, id);
    await tx.delete(ProductVersionEntity, { id });
  });
}

async function findRelease(tx: EntityManager, accountId: string, id: string): Promise<ProductVersionRow> {
  const row = await tx.findOneBy(ProductVersionEntity, { id, accountId });
  if (!row) throw new DomainError("RELEASE_NOT_FOUND");
  return row;
}

/** Versions keep Cryptlex's form, as activations' `releaseVersion` does; v4 serves them unchanged. */
function assertVersions(input: ReleaseUpdate): void {
  if (input.version !== undefined && !releaseVersionPattern.test(input.version)) throw new DomainError("INVALID_RELEASE_VERSION");
  if (typeof input.requiresVersion === "string" && !releaseVersionPattern.test(input.requiresVersion)) {
    throw new DomainError("INVALID_RELEASE_VERSION", "requiresVersion must be of the form x.x, x.x.x or x.x.x.x.");
  }
}

/** The row with the given fields applied; only known columns are taken, so stray input keys never reach the table. */
function withChanges(row: ProductVersionRow, input: ReleaseUpdate): ProductVersionRow {
  const { version, environment, channel, fullLink, filename, hashMd5, eulaLink, releaseNotesLink, size, requiresVersion, enabled, name, notes } = input;
  const changes: Partial<ReleaseFields> = { version, environment, channel, fullLink, filename, hashMd5, eulaLink, releaseNotesLink, size, requiresVersion, enabled, name, notes };
  return {
    ...row,
    ...definedOnly(changes),
    releaseDate: input.releaseDate === undefined ? row.releaseDate : toDate(input.releaseDate) ?? null,
  };
}
