/**
 * Customers of a vendor (who bought licenses): created, listed, changed and deleted by the vendor; licenses point to
 * them by `customerId` (v3 `licenseApi`) and so may license users. v4's `customer_license_users` finds them by email.
 */
import { randomUUID } from "node:crypto";
import { CustomerEntity, LicenseEntity, LicenseUserEntity, lockCustomer, type CustomerRow } from "../db/index.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import type { Customer, Page, PageRequest } from "./model.js";
import { definedOnly, findPage } from "./paging.js";
import { findCustomer } from "./records.js";
import { refuseDuplicate } from "./refuse-duplicate.js";

type CustomerDetails = Omit<CustomerRow, "id" | "accountId" | "email" | "createdAt" | "updatedAt">;

export type CustomerInput = { email: string } & Partial<CustomerDetails>;
export type CustomerUpdate = Partial<CustomerInput>;
export interface CustomerFilters extends PageRequest {
  email?: string;
}

/** What a customer created with only an email has. */
const noDetails: CustomerDetails = {
  firstName: null, lastName: null, companyName: null, phone: null, reference: null, address: null, city: null, postcode: null,
  state: null, country: null, customerAccount: null, metadata: {},
};

/** The detail fields of `input` that are given; anything else in it (ids, timestamps) is ignored. */
function detailsOf(input: Partial<CustomerDetails>): Partial<CustomerDetails> {
  const keys = Object.keys(noDetails) as Array<keyof CustomerDetails>;
  return definedOnly(Object.fromEntries(keys.map((key) => [key, input[key]])) as Partial<CustomerDetails>);
}

/** @see openapi/v3.yaml createCustomer */
export async function createCustomer(core: Core, accountId: string, input: CustomerInput): Promise<Customer> {
  const now = core.now();
  const row: CustomerRow = { ...noDetails, ...detailsOf(input), id: randomUUID(), accountId, email: input.email.toLowerCase(), createdAt: now, updatedAt: now };
  await refuseDuplicate("CUSTOMER_ALREADY_EXISTS", () => core.db.transaction((tx) => tx.insert(CustomerEntity, row)));
  return row;
}

export async function listCustomers(core: Core, accountId: string, query: CustomerFilters = {}): Promise<Page<Customer>> {
  const where = definedOnly({ accountId, email: query.email?.toLowerCase() });
  return core.db.read((tx) => findPage(tx, CustomerEntity, where, query, ["createdAt", "updatedAt", "email"]));
}

export async function getCustomer(core: Core, accountId: string, id: string): Promise<Customer> {
  return core.db.read((tx) => findCustomer(tx, accountId, id));
}

/** Changes the given fields; `null` clears one. */
export async function updateCustomer(core: Core, accountId: string, id: string, input: CustomerUpdate): Promise<Customer> {
  return refuseDuplicate("CUSTOMER_ALREADY_EXISTS", () =>
    core.db.transaction(async (tx) => {
      const row = await findCustomer(tx, accountId, id);
      const next: CustomerRow = { ...row, ...detailsOf(input), email: input.email?.toLowerCase() ?? row.email, updatedAt: core.now() };
      await tx.save(CustomerEntity, next);
      return next;
    }),
  );
}

/** Deletes a customer no license and no license user points to (else CUSTOMER_IN_USE): unlink or delete those first. */
export async function deleteCustomer(core: Core, accountId: string, id: string): Promise<void> {
  await core.db.transaction(async (tx) => {
    if (!(await lockCustomer(tx, accountId, id, "update"))) throw new DomainError("CUSTOMER_NOT_FOUND");
    const inUse = (await tx.existsBy(LicenseEntity, { customerId: id })) || (await tx.existsBy(LicenseUserEntity, { customerId: id }));
    if (inUse) throw new DomainError("CUSTOMER_IN_USE");
    await tx.delete(CustomerEntity, { id });
  });
}
