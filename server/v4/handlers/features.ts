import { checkFeature } from "../../core/features.js";
import { v4Handler } from "../handler.js";
import { licenseQueryOf } from "../license-query.js";
import { presentFeatureCheck } from "../present-features.js";

export const checkLicenseFeature = v4Handler<"checkLicenseFeature">(async ({ query }, context) => {
  const checked = await checkFeature(context.core, await licenseQueryOf(query, context, { passwordRequired: false }), query.hardware_id, query.feature);
  return { status: 200, body: presentFeatureCheck(checked, { includeMetadataString: query.include_metadata_string ?? false }, context.core.now()) };
});

export const featureHandlers = { checkLicenseFeature };
