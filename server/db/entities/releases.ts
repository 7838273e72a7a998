/**
 * Product versions (v3 releases): the installation files a product publishes, one per version, environment and
 * channel (unique).
 */
import { EntitySchema } from "typeorm";
import { col } from "../columns.js";

export interface ProductVersionRow {
  id: string;
  accountId: string;
  productId: string;
  version: string;
  /** `win`, `win32`, `win64`, `mac`, `linux`, `linux32`, `linux64`, or another vendor value. */
  environment: string;
  /** e.g. `prod`, `staging`. */
  channel: string;
  fullLink: string;
  filename: string;
  releaseDate: Date | null;
  hashMd5: string | null;
  eulaLink: string | null;
  releaseNotesLink: string | null;
  size: number | null;
  requiresVersion: string | null;
  enabled: boolean;
  /** v3 only (Cryptlex `name`, `notes`); optional because they came after the table. */
  name?: string | null;
  notes?: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const ProductVersionEntity = new EntitySchema<ProductVersionRow>({
  name: "ProductVersion",
  tableName: "product_versions",
  columns: {
    id: col.id(),
    accountId: col.ref(),
    productId: col.ref(),
    version: col.text(64),
    environment: col.text(32),
    channel: col.text(64),
    fullLink: col.text(2048),
    filename: col.text(1024),
    releaseDate: col.date(true),
    hashMd5: col.text(64, true),
    eulaLink: col.text(2048, true),
    releaseNotesLink: col.text(2048, true),
    size: col.bigint(true),
    requiresVersion: col.text(64, true),
    enabled: col.bool(),
    name: col.text(256, true),
    notes: col.longText(true),
    createdAt: col.date(),
    updatedAt: col.date(),
  },
});
