/** What every contract file starts with: the target, a checking client and fixtures removed after the file. */
import { ContractClient } from "./exchange.js";
import { useFixtures, type Fixtures } from "./fixtures.js";
import { contractTarget, type ContractTarget } from "./target.js";

export interface ContractSuite {
  target: ContractTarget;
  client: ContractClient;
  fixtures: Fixtures;
}

export function contractSuite(): ContractSuite {
  const target = contractTarget();
  return { target, client: new ContractClient(target), fixtures: useFixtures(target) };
}

/** A body over the documented 1 MiB limit (413). */
export const oversizedBody = JSON.stringify({ name: "x".repeat(1024 * 1024 + 16) });
