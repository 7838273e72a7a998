/**
 * What a contract run sets up through v3 management operations (so it works against a fresh deployment), and removes
 * again afterwards: products, licenses, anything a case registers. These calls are set-up, not cases, so they are not
 * recorded; a failing set-up fails loudly.
 */
import { afterAll } from "vitest";
import type { ContractTarget } from "./target.js";

type Json = Record<string, any>;
const rateLimitRetries = 5;

export class Fixtures {
  /** Undo steps, run newest first. */
  private readonly undo: Array<() => Promise<unknown>> = [];

  constructor(private readonly target: ContractTarget) {}

  /**
   * A v3 management call with the run's admin token; throws unless it answers `expected`. A deployment's rate limit
   * (429) is waited out as the client does, so set-up does not fail where cases would have been retried.
   */
  async v3(method: string, path: string, body?: unknown, expected = method === "POST" ? 201 : 200): Promise<Json> {
    if (!this.target.token) throw new Error("the contract suite needs a v3 admin token (--token) to set up its fixtures");
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(`${this.target.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.target.token}`, accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await response.text();
      if (response.status === 429 && expected !== 429 && attempt < rateLimitRetries) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(Math.max(Number(response.headers.get("retry-after")) || 1, 1), 10) * 1000));
        continue;
      }
      if (response.status !== expected) throw new Error(`fixture ${method} ${path} answered ${response.status}, not ${expected}: ${text.slice(0, 500)}`);
      return text ? JSON.parse(text) : {};
    }
  }

  /** Registers an undo step for `afterAll`. */
  onCleanup(step: () => Promise<unknown>): void {
    this.undo.push(step);
  }

  async product(body: Json = {}): Promise<Json> {
    const product = await this.v3("POST", "/v3/products", { name: `contract-${Date.now()}`, ...body });
    this.onCleanup(() => this.v3("DELETE", `/v3/products/${product.id}`, undefined, 204));
    return product;
  }

  async license(productId: string, body: Json = {}): Promise<Json> {
    const license = await this.v3("POST", "/v3/licenses", { productId, ...body });
    this.onCleanup(() => this.v3("DELETE", `/v3/licenses/${license.id}`, undefined, 204));
    return license;
  }

  async cleanup(): Promise<void> {
    for (const step of this.undo.splice(0).reverse()) await step().catch((error: unknown) => console.warn(`contract clean-up: ${String(error)}`));
  }
}

/** Fixtures for one contract file, removed when the file's tests are done. */
export function useFixtures(target: ContractTarget): Fixtures {
  const fixtures = new Fixtures(target);
  afterAll(() => fixtures.cleanup());
  return fixtures;
}
