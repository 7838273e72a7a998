import { findProductByCode } from "../../core/identify-license.js";
import { latestInstallationFile, licensedInstallationFile, licensedVersions } from "../../core/product-versions.js";
import { allowedProductsOf, authOf } from "../context.js";
import { v4Handler } from "../handler.js";
import { licenseQueryOf } from "../license-query.js";
import { presentInstallationFile, presentProductDetails, presentVersionList } from "../present-products.js";

export const getProductDetails = v4Handler<"getProductDetails">(async ({ query }, context) => {
  const { product, latest } = await context.core.db.read(async (tx) => {
    const product = await findProductByCode(tx, authOf(context).accountId, query.product, allowedProductsOf(context));
    return { product, latest: query.include_latest_version ? await latestInstallationFile(tx, product.id, { env: query.env }) : undefined };
  });
  const options = { includeLatestVersion: query.include_latest_version === true, includeCustomFields: query.include_custom_fields === true };
  return { status: 200, body: presentProductDetails(product, latest, options) };
});

export const getVersions = v4Handler<"getVersions">(async ({ query }, context) => {
  const licenseQuery = await licenseQueryOf(query, context, { passwordRequired: false });
  const versions = await licensedVersions(context.core, licenseQuery, query.hardware_id, { env: query.env, channel: query.channel });
  return { status: 200, body: presentVersionList(versions) };
});

export const getInstallationFile = v4Handler<"getInstallationFile">(async ({ query }, context) => {
  const licenseQuery = await licenseQueryOf(query, context, { passwordRequired: false });
  const file = await licensedInstallationFile(context.core, licenseQuery, query.hardware_id, { env: query.env, channel: query.channel, version: query.version });
  return { status: 200, body: presentInstallationFile(file) };
});

export const productHandlers = { getProductDetails, getVersions, getInstallationFile };
