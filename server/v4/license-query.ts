/** A v4 request's license identification (body or query) → the core's LicenseQuery, SSO logins verified first. */
import type { LicenseCredential, LicenseQuery } from "../core/identify-license.js";
import { WireError } from "../http/failures.js";
import { verifySsoLogin } from "../core/sso.js";
import { allowedProductsOf, authOf, type V4Context } from "./context.js";

/** The identification fields every license-scoped v4 operation shares. */
export interface LicenseIdentification {
  product: string;
  license_key?: string;
  username?: string;
  password?: string;
  id_token?: string;
  code?: string;
  customer_account_code?: string;
  redirect_uri?: string;
  license_id?: number;
}

/**
 * The license the request names. `passwordRequired`: activation-style calls must prove a login; check-style calls
 * name a user-based license by `username` alone, as the SDKs send them.
 */
export async function licenseQueryOf(fields: LicenseIdentification, context: V4Context, options: { passwordRequired: boolean }): Promise<LicenseQuery> {
  return {
    accountId: authOf(context).accountId,
    allowedProductIds: allowedProductsOf(context),
    product: fields.product,
    credential: await credentialOf(fields, context),
    ...(fields.license_id !== undefined ? { licenseId: fields.license_id } : {}),
    passwordRequired: options.passwordRequired,
  };
}

async function credentialOf(fields: LicenseIdentification, context: V4Context): Promise<LicenseCredential> {
  if (fields.license_key !== undefined) return { kind: "key", licenseKey: fields.license_key };
  if (fields.username !== undefined) return { kind: "login", username: fields.username, ...(fields.password !== undefined ? { password: fields.password } : {}) };
  if ((fields.id_token !== undefined || fields.code !== undefined) && fields.customer_account_code !== undefined) {
    const email = await verifySsoLogin(context.core, authOf(context).accountId, {
      idToken: fields.id_token, code: fields.code, customerAccountCode: fields.customer_account_code, redirectUri: fields.redirect_uri,
    });
    return { kind: "sso", email };
  }
  throw new WireError("missing_parameters", "Missing parameters: license_key, or username and password, or an SSO id_token or code with customer_account_code.");
}
