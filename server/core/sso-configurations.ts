/**
 * The SSO set-up of customer accounts: one OpenID Connect provider per customer account code and account, managed
 * through v3 (`/v3/sso-configurations`) and the admin CLI (`configure-sso`); v4's `sso_url` and SSO logins read it.
 */
import { randomUUID } from "node:crypto";
import { AccountEntity, SsoConfigurationEntity, type SsoConfigurationRow } from "../db/index.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import type { Page, PageRequest, SsoConfiguration } from "./model.js";
import { definedOnly, findPage } from "./paging.js";
import { refuseDuplicate } from "./refuse-duplicate.js";

export type SsoConfigurationInput = Pick<SsoConfigurationRow, "customerAccountCode" | "issuer" | "authorizationEndpoint" | "jwksUri" | "clientId"> & {
  tokenEndpoint?: string | null;
};

export type SsoConfigurationUpdate = Partial<SsoConfigurationInput>;

export interface SsoConfigurationFilters extends PageRequest {
  customerAccountCode?: string;
}

const providerUrls = ["issuer", "authorizationEndpoint", "tokenEndpoint", "jwksUri"] as const;
const fields = ["customerAccountCode", "clientId", ...providerUrls] as const;

/** The configuration fields the input sets (anything else, e.g. from the CLI's free JSON, is ignored). */
function changesOf(input: SsoConfigurationUpdate): SsoConfigurationUpdate {
  return definedOnly(Object.fromEntries(fields.map((field) => [field, input[field]])));
}

/**
 * OpenID Connect providers are reached over https only. NOTE: the operator's private-address policy needs DNS and
 * configuration, so the API layer applies it (server/webhooks/url-policy.ts) to the URLs the server itself fetches.
 */
function assertHttpsUrls(input: SsoConfigurationUpdate): void {
  for (const field of providerUrls) {
    const value = input[field];
    if (value !== undefined && value !== null && !isHttpsUrl(value)) throw new DomainError("INVALID_SSO_URL", { field }, `${field} must be an https URL.`);
  }
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}

/** Configures the provider of a customer account; SSO_CONFIGURATION_ALREADY_EXISTS when the code has one. */
export async function createSsoConfiguration(core: Core, accountId: string, input: SsoConfigurationInput): Promise<SsoConfiguration> {
  assertHttpsUrls(input);
  const now = core.now();
  const row: SsoConfigurationRow = {
    id: randomUUID(), accountId, customerAccountCode: input.customerAccountCode, issuer: input.issuer,
    authorizationEndpoint: input.authorizationEndpoint, tokenEndpoint: input.tokenEndpoint ?? null, jwksUri: input.jwksUri,
    clientId: input.clientId, createdAt: now, updatedAt: now,
  };
  await refuseDuplicate("SSO_CONFIGURATION_ALREADY_EXISTS", () =>
    core.db.transaction(async (tx) => {
      if (!(await tx.existsBy(AccountEntity, { id: accountId }))) throw new DomainError("ACCOUNT_NOT_FOUND");
      await tx.insert(SsoConfigurationEntity, row);
    }),
  );
  return row;
}

export async function listSsoConfigurations(core: Core, accountId: string, query: SsoConfigurationFilters = {}): Promise<Page<SsoConfiguration>> {
  const where = definedOnly({ accountId, customerAccountCode: query.customerAccountCode });
  return core.db.read((tx) => findPage(tx, SsoConfigurationEntity, where, query, ["createdAt", "updatedAt", "customerAccountCode"]));
}

export async function getSsoConfiguration(core: Core, accountId: string, id: string): Promise<SsoConfiguration> {
  const row = await core.db.read((tx) => tx.findOneBy(SsoConfigurationEntity, { id, accountId }));
  if (!row) throw new DomainError("SSO_CONFIGURATION_NOT_FOUND");
  return row;
}

/** Changes the given fields (a new code must be free); v4 logins and `sso_url` use the change at once. */
export async function updateSsoConfiguration(core: Core, accountId: string, id: string, input: SsoConfigurationUpdate): Promise<SsoConfiguration> {
  assertHttpsUrls(input);
  return refuseDuplicate("SSO_CONFIGURATION_ALREADY_EXISTS", () =>
    core.db.transaction(async (tx) => {
      const row = await tx.findOneBy(SsoConfigurationEntity, { id, accountId });
      if (!row) throw new DomainError("SSO_CONFIGURATION_NOT_FOUND");
      const next: SsoConfigurationRow = { ...row, ...changesOf(input), updatedAt: core.now() };
      await tx.save(SsoConfigurationEntity, next);
      return next;
    }),
  );
}

/** Removes the configuration: the customer account's `sso_url` and SSO logins get `customer_account_not_found`. */
export async function deleteSsoConfiguration(core: Core, accountId: string, id: string): Promise<void> {
  const result = await core.db.transaction((tx) => tx.delete(SsoConfigurationEntity, { id, accountId }));
  if (!result.affected) throw new DomainError("SSO_CONFIGURATION_NOT_FOUND");
}

/** The admin CLI's `configure-sso`: sets the whole configuration of the code, creating or replacing it (same id). */
export async function configureSso(core: Core, accountId: string, input: SsoConfigurationInput): Promise<SsoConfiguration> {
  const existing = await core.db.read((tx) => tx.findOneBy(SsoConfigurationEntity, { accountId, customerAccountCode: input.customerAccountCode }));
  return existing ? updateSsoConfiguration(core, accountId, existing.id, { tokenEndpoint: null, ...input }) : createSsoConfiguration(core, accountId, input);
}
