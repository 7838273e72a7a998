import * as core from "../../core/index.js";
import type { AnyHandler } from "../../http/handler.js";
import * as present from "../present.js";
import type { V3OperationId } from "../handler.js";
import type { V3Context } from "../context.js";
import { createActivation } from "./createActivation.js";
import { createApiKey } from "./createApiKey.js";
import { createOAuthClient } from "./createOAuthClient.js";
import { createOfflineActivation } from "./createOfflineActivation.js";
import { createOfflineTrialActivation } from "./createOfflineTrialActivation.js";
import { createPersonalAccessToken } from "./createPersonalAccessToken.js";
import { createRelease } from "./createRelease.js";
import { createSsoConfiguration } from "./createSsoConfiguration.js";
import { createTrialActivation } from "./createTrialActivation.js";
import { createWebhook } from "./createWebhook.js";
import { deactivateActivation } from "./deactivateActivation.js";
import { getAccountSigningKey } from "./getAccountSigningKey.js";
import { incrementMeterAttribute } from "./incrementMeterAttribute.js";
import { assignLicenseUser, listLicenseUserAssignments, unassignLicenseUser, updateLicenseUserAssignment } from "./licenseUserAssignments.js";
import { listReleases } from "./listReleases.js";
import { offlineDeactivateActivation } from "./offlineDeactivateActivation.js";
import { resendWebhookEvent } from "./resendWebhookEvent.js";
import { updateWebhook } from "./updateWebhook.js";
import { createResource, deleteResource, getResource, listResource, updateResource } from "./resource.js";
import { updateActivation } from "./updateActivation.js";
import { updateRelease } from "./updateRelease.js";
import { updateSsoConfiguration } from "./updateSsoConfiguration.js";
import { updateTrialActivationExpiresAt } from "./updateTrialActivationExpiresAt.js";

/**
 * operationId → handler for every v3 operation. `satisfies` makes a missing handler a compile error;
 * bindOperations also checks the spec against this table at start-up.
 */
export const v3Handlers = {
  getAccountSigningKey,

  listActivations: listResource(core.listActivations, present.presentActivation),
  createActivation,
  getActivation: getResource(core.getActivation, present.presentActivation),
  updateActivation,
  deleteActivation: deleteResource(core.deleteActivation),
  deactivateActivation,
  createOfflineActivation,
  offlineDeactivateActivation,
  incrementMeterAttribute,

  listTrialActivations: listResource(core.listTrialActivations, present.presentTrialActivation),
  createTrialActivation,
  createOfflineTrialActivation,
  getTrialActivation: getResource(core.getTrialActivation, present.presentTrialActivation),
  deleteTrialActivation: deleteResource(core.deleteTrialActivation),
  updateTrialActivationExpiresAt,

  listProducts: listResource(core.listProducts, present.presentProduct),
  createProduct: createResource(core.createProduct, present.presentProduct),
  getProduct: getResource(core.getProduct, present.presentProduct),
  updateProduct: updateResource(core.updateProduct, present.presentProduct),
  deleteProduct: deleteResource(core.deleteProduct),

  listLicenses: listResource(core.listLicenses, present.presentLicense),
  createLicense: createResource(core.createLicense, present.presentLicense),
  getLicense: getResource(core.getLicense, present.presentLicense),
  updateLicense: updateResource(core.updateLicense, present.presentLicense),
  deleteLicense: deleteResource(core.deleteLicense),

  listLicenseUserAssignments,
  assignLicenseUser,
  updateLicenseUserAssignment,
  unassignLicenseUser,

  listUsers: listResource(core.listLicenseUsers, present.presentLicenseUser),
  createUser: createResource(core.createLicenseUser, present.presentCreatedLicenseUser),
  getUser: getResource(core.getLicenseUser, present.presentLicenseUser),
  updateUser: updateResource(core.updateLicenseUser, present.presentLicenseUser),
  deleteUser: deleteResource(core.deleteLicenseUser),

  listCustomers: listResource(core.listCustomers, present.presentCustomer),
  createCustomer: createResource(core.createCustomer, present.presentCustomer),
  getCustomer: getResource(core.getCustomer, present.presentCustomer),
  updateCustomer: updateResource(core.updateCustomer, present.presentCustomer),
  deleteCustomer: deleteResource(core.deleteCustomer),

  listReleases,
  createRelease,
  getRelease: getResource(core.getRelease, present.presentRelease),
  updateRelease,
  deleteRelease: deleteResource(core.deleteRelease),

  listBlacklistEntries: listResource(core.listBlacklistEntries, present.presentBlacklistEntry),
  createBlacklistEntry: createResource(core.blacklistDevice, present.presentBlacklistEntry),
  getBlacklistEntry: getResource(core.getBlacklistEntry, present.presentBlacklistEntry),
  deleteBlacklistEntry: deleteResource(core.deleteBlacklistEntry),

  listWebhooks: listResource(core.listWebhooks, present.presentWebhook),
  createWebhook,
  getWebhook: getResource(core.getWebhook, present.presentWebhook),
  updateWebhook,
  deleteWebhook: deleteResource(core.deleteWebhook),

  listWebhookEventLogs: listResource(core.listWebhookEventLogs, present.presentWebhookEventLog),
  getWebhookEventLog: getResource(core.getWebhookEventLog, present.presentWebhookEventLog),
  resendWebhookEvent,

  listPersonalAccessTokens: listResource(core.listAccessTokens, present.presentPersonalAccessToken),
  createPersonalAccessToken,
  getPersonalAccessToken: getResource(core.getAccessToken, present.presentPersonalAccessToken),
  deletePersonalAccessToken: deleteResource(core.revokeAccessToken),

  listApiKeys: listResource(core.listApiKeys, present.presentApiKey),
  createApiKey,
  getApiKey: getResource(core.getApiKey, present.presentApiKey),
  deleteApiKey: deleteResource((c, accountId, id) => core.revokeApiKey(c, accountId, { id })),

  listOAuthClients: listResource(core.listOAuthClients, present.presentOAuthClient),
  createOAuthClient,
  getOAuthClient: getResource(core.getOAuthClient, present.presentOAuthClient),
  deleteOAuthClient: deleteResource((c, accountId, id) => core.revokeOAuthClient(c, accountId, { id })),

  listSsoConfigurations: listResource(core.listSsoConfigurations, present.presentSsoConfiguration),
  createSsoConfiguration,
  getSsoConfiguration: getResource(core.getSsoConfiguration, present.presentSsoConfiguration),
  updateSsoConfiguration,
  deleteSsoConfiguration: deleteResource(core.deleteSsoConfiguration),
} satisfies Record<V3OperationId, AnyHandler<V3Context>>;
