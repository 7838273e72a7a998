import { findProductByCode } from "../../core/identify-license.js";
import { changePassword as replacePassword, listCustomerLicenseUsers, listUserLicenses } from "../../core/license-users.js";
import { numericId } from "../../core/numeric-id.js";
import { buildSsoUrl } from "../../core/sso.js";
import { DomainError } from "../../core/errors.js";
import { allowedProductsOf, authOf } from "../context.js";
import { v4Handler } from "../handler.js";
import { licenseQueryOf } from "../license-query.js";
import { loadLicenseView, presentCustomer, presentFormattedLicense, presentLicenseUser } from "../present-license.js";

export const getUserLicenses = v4Handler<"getUserLicenses">(async ({ query }, context) => {
  const licenses = await listUserLicenses(context.core, await licenseQueryOf(query, context, { passwordRequired: true }));
  const now = context.core.now();
  const views = await context.core.db.read((tx) => Promise.all(licenses.map((identified) => loadLicenseView(tx, identified, now))));
  return { status: 200, body: views.map((view) => ({ license: presentFormattedLicense(view, now), user: presentLicenseUser(view) })) };
});

export const getCustomerLicenseUsers = v4Handler<"getCustomerLicenseUsers">(async ({ query }, context) => {
  const { accountId } = authOf(context);
  const found = await listCustomerLicenseUsers(context.core, accountId, allowedProductsOf(context), query.product, query.customer);
  return {
    status: 200,
    body: {
      company: { id: numericId(accountId) },
      customer: presentCustomer(found.customer),
      users: found.users.map(({ row, assignment, license, totalActivations }) => ({
        email: row.email, allow_unlimited_activations: assignment.allowUnlimitedActivations, first_name: row.firstName ?? "", last_name: row.lastName ?? "",
        initial_password: row.isInitialPassword ? (row.initialPassword ?? "") : "", is_active: row.isActive, is_initial_password: row.isInitialPassword,
        license_id: numericId(license.id), max_activations: assignment.maxActivations, order_id: numericId(license.id),
        order_store_id: license.terms?.orderStoreId ?? "", phone_number: row.phoneNumber ?? "", total_activations: totalActivations,
      })),
    },
  };
});

export const changePassword = v4Handler<"changePassword">(async ({ body }, context) => {
  await replacePassword(context.core, authOf(context).accountId, body.username, body.password, body.new_password);
  return { status: 200, body: "password_changed" };
});

export const getSSOUrl = v4Handler<"getSSOUrl">(async ({ query }, context) => {
  const { accountId } = authOf(context);
  const product = await context.core.db.read((tx) => findProductByCode(tx, accountId, query.product, allowedProductsOf(context)));
  if (product.authorizationMethod !== "user") throw new DomainError("INVALID_AUTHORIZATION_METHOD");
  const link = await buildSsoUrl(context.core, accountId, {
    customerAccountCode: query.customer_account_code, responseType: query.response_type ?? "token", redirectUri: query.redirect_uri,
  });
  return { status: 200, body: { url: link.url, openid_configuration: link.openidConfiguration, alternate_urls: [] } };
});

export const userHandlers = { getUserLicenses, getCustomerLicenseUsers, changePassword, getSSOUrl };
