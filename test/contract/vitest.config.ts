/** The contract suite's own vitest config: which files run depends on the target (see run.ts). */
import { defineConfig } from "vitest/config";

const spec = process.env.CONTRACT_SPEC ?? "v3";
const mock = process.env.CONTRACT_MOCK === "true";

export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: mock ? ["test/contract/mock/**/*.contract.ts"] : [`test/contract/${spec}/**/*.contract.ts`, "test/contract/any/**/*.contract.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // A deployment is shared with its other users: keep the load moderate.
    maxWorkers: 2,
  },
});
