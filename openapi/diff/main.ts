/**
 * `npm run spec:diff -- [base-ref]`: classifies every change of openapi/v3.yaml and openapi/v4.yaml since the
 * base ref (default: the last release) and exits 1 when a spec breaks its clients without a new major version.
 */

import { checkSpec } from "./check-spec.js";
import { specNames } from "./release.js";

try {
  const verdicts = specNames.map((spec) => {
    const { verdict, report } = checkSpec(process.cwd(), spec, { baseRef: process.argv[2] });
    console.log(report);
    return verdict;
  });
  process.exitCode = verdicts.every((verdict) => verdict.passes) ? 0 : 1;
} catch (error) {
  console.error(`spec:diff: ${(error as Error).message}`);
  process.exitCode = 2;
}
