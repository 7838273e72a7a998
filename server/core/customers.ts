/** Customers of a vendor (who bought licenses): created by the vendor, linked to licenses by their `customerId` (v3 `licenseApi`). */
import { randomUUID } from "node:crypto";
import { CustomerEntity, isUniqueViolation, type CustomerRow } from "../db/index.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";

export type CustomerInput = { email: string } & Partial<Omit<CustomerRow, "id" | "accountId" | "email" | "createdAt" | "updatedAt">>;

export async function createCustomer(core: Core, accountId: string, input: CustomerInput): Promise<CustomerRow> {
  const now = core.now();
  const row: CustomerRow = {
    id: randomUUID(), accountId, email: input.email.toLowerCase(), firstName: input.firstName ?? null, lastName: input.lastName ?? null,
    companyName: input.companyName ?? null, phone: input.phone ?? null, reference: input.reference ?? null, address: input.address ?? null,
    city: input.city ?? null, postcode: input.postcode ?? null, state: input.state ?? null, country: input.country ?? null,
    customerAccount: input.customerAccount ?? null, metadata: input.metadata ?? {}, createdAt: now, updatedAt: now,
  };
  try {
    await core.db.transaction((tx) => tx.insert(CustomerEntity, row));
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("CUSTOMER_NOT_FOUND", "A customer with this email already exists.");
    throw error;
  }
  return row;
}
