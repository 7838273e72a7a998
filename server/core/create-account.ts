/** Accounts (tenants): creation with their own RSA key pair, listing and lookup. */
import { randomUUID } from "node:crypto";
import { AccountEntity, type AccountRow } from "../db/index.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import { generateRsaKeyPair } from "./keys.js";
import type { Account } from "./model.js";

function toAccount({ privateKeyPem: _privateKeyPem, ...account }: AccountRow): Account {
  return account;
}

/** Creates an account; its RSA-2048 pair will sign v4 responses. */
export async function createAccount(core: Core, input: { name: string }): Promise<Account> {
  const keys = await generateRsaKeyPair();
  const row: AccountRow = { id: randomUUID(), name: input.name, ...keys, createdAt: core.now() };
  await core.db.transaction((tx) => tx.insert(AccountEntity, row));
  return toAccount(row);
}

export async function listAccounts(core: Core): Promise<Account[]> {
  const rows = await core.db.read((tx) => tx.find(AccountEntity, { order: { createdAt: "ASC", id: "ASC" } }));
  return rows.map(toAccount);
}

export async function getAccount(core: Core, id: string): Promise<Account> {
  const row = await core.db.read((tx) => tx.findOneBy(AccountEntity, { id }));
  if (!row) throw new DomainError("ACCOUNT_NOT_FOUND");
  return toAccount(row);
}
