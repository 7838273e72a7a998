/** Accounts (tenants) and their credentials: v4 API keys, v3 personal access tokens, server-wide secrets. */
import { EntitySchema } from "typeorm";
import { col } from "../columns.js";

export interface AccountRow {
  id: string;
  name: string;
  /** RSA-2048 pair (SPKI / PKCS#8 PEM) that will sign v4 responses. */
  publicKeyPem: string;
  privateKeyPem: string;
  createdAt: Date;
}

export interface ApiKeyRow {
  id: string;
  accountId: string;
  /** The vendor's label for the key; null = none. */
  name: string | null;
  apiKey: string;
  /** HMAC secret of v4 signed requests; stored in clear because the server must recompute the MAC. */
  sharedKey: string;
  readOnly: boolean;
  revoked: boolean;
  /** Products the key may act on (`api_key_product_not_allowed` otherwise); null = all of the account's. */
  productIds?: string[] | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface PersonalAccessTokenRow {
  id: string;
  accountId: string;
  name: string;
  scopes: string[];
  expiresAt: Date | null;
  revoked: boolean;
  lastUsedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ServerSecretRow {
  key: string;
  value: string;
  createdAt: Date;
}

export const AccountEntity = new EntitySchema<AccountRow>({
  name: "Account",
  tableName: "accounts",
  columns: {
    id: col.id(),
    name: col.text(),
    publicKeyPem: col.longText(),
    privateKeyPem: col.longText(),
    createdAt: col.date(),
  },
});

export const ApiKeyEntity = new EntitySchema<ApiKeyRow>({
  name: "ApiKey",
  tableName: "api_keys",
  columns: {
    id: col.id(),
    accountId: col.ref(),
    name: col.text(256, true),
    apiKey: col.ref(),
    sharedKey: col.text(),
    readOnly: col.bool(),
    revoked: col.bool(),
    productIds: col.json(true),
    createdAt: col.date(),
    updatedAt: col.date(),
  },
});

export const PersonalAccessTokenEntity = new EntitySchema<PersonalAccessTokenRow>({
  name: "PersonalAccessToken",
  tableName: "personal_access_tokens",
  columns: {
    id: col.id(),
    accountId: col.ref(),
    name: col.text(),
    scopes: col.json(),
    expiresAt: col.date(true),
    revoked: col.bool(),
    lastUsedAt: col.date(true),
    createdAt: col.date(),
    updatedAt: col.date(),
  },
});

export const ServerSecretEntity = new EntitySchema<ServerSecretRow>({
  name: "ServerSecret",
  tableName: "server_secrets",
  columns: {
    key: { type: "varchar", length: 64, primary: true },
    value: col.longText(),
    createdAt: col.date(),
  },
});
