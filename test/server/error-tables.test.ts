import { describe, expect, it } from "vitest";
import { domainCodes } from "../../server/core/errors.js";
import type { Failure } from "../../server/http/failures.js";
import { renderV3Failure } from "../../server/v3/errors.js";
import { renderV4Failure } from "../../server/v4/errors.js";
import { dereference, listOperations } from "../../client/spec-document.js";
import { loadSpec } from "../support/spec.js";

/** Every "status code" pair the spec documents in the error examples of its operations. */
function documentedErrors(version: "v3" | "v4"): Set<string> {
  const document = loadSpec(version);
  const pairs = new Set<string>();
  for (const { operation } of listOperations(document)) {
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      const content = (dereference(document, response) as { content?: Record<string, { examples?: Record<string, unknown> }> }).content ?? {};
      for (const media of Object.values(content)) {
        for (const example of Object.values(media.examples ?? {})) {
          const code = (dereference(document, example) as { value?: { code?: unknown } }).value?.code;
          if (typeof code === "string") pairs.add(`${status} ${code}`);
        }
      }
    }
  }
  return pairs;
}

const failures: Failure[] = [
  ...domainCodes.map((code) => ({ kind: "domain" as const, code, message: "m" })),
  { kind: "invalid", problems: [{ location: "body", field: "fingerprint", message: "is required", keyword: "required" }] },
  { kind: "invalid", problems: [{ location: "query", field: "limit", message: "must be <= 100", keyword: "maximum" }] },
  { kind: "unparsable", message: "m" },
  { kind: "rateLimited", retryAfterSeconds: 3 },
  { kind: "internal" },
];

/** Facts only the admin CLI meets (it addresses accounts directly); no v3 operation can. */
const cliOnly = new Set(["ACCOUNT_NOT_FOUND"]);

/**
 * Facts no v3 operation can meet: the License API's license-state, login, floating and consumption checks, and
 * the customer accounts of SSO logins.
 */
const v4Only = new Set([
  "PRODUCT_NOT_ALLOWED", "LICENSE_KEY_REQUIRED", "LICENSE_SUSPENDED", "LICENSE_EXPIRED", "TRIAL_EXPIRED",
  "LICENSE_USER_ACTIVATION_LIMIT_REACHED", "DEVICE_BLACKLISTED", "FLOATING_NOT_AVAILABLE", "OFFLINE_FLOATING_NOT_SUPPORTED",
  "INVALID_BORROW_UNTIL", "FEATURE_NOT_FOUND", "FEATURE_NOT_FLOATING", "FEATURE_NOT_IN_USE", "NOT_ENOUGH_CONSUMPTIONS",
  "ACTIVE_LICENSE_REQUIRED", "VERSION_NOT_FOUND", "EMAIL_MISSING", "CHANGE_PASSWORD_NOT_ALLOWED", "INVALID_CREDENTIALS",
  "CUSTOMER_ACCOUNT_NOT_FOUND",
]);

describe.each([
  ["v3", (f: Failure) => renderV3Failure(f)],
  ["v4", (f: Failure) => renderV4Failure(f)],
] as const)("the %s error table", (version, render) => {
  const documented = documentedErrors(version);
  const rendered = failures
    .filter((f) => version === "v4" || f.kind !== "domain" || !(cliOnly.has(f.code) || v4Only.has(f.code)))
    .map((f) => [JSON.stringify(f).slice(0, 80), render(f)] as const);

  it.each(rendered)("renders %s as a documented status and code", (_name, result) => {
    expect(documented).toContain(`${result.status} ${result.body.code}`);
  });
});

describe("v4 error details", () => {
  it.each([
    [{ kind: "invalid", problems: [{ location: "body", field: "hardware_id", message: "is required", keyword: "required" }] }, 400, "missing_parameters", /hardware_id/],
    [{ kind: "invalid", problems: [{ location: "query", field: "product", message: "must NOT have more than 64 characters", keyword: "maxLength" }] }, 400, "validation_error", /product/],
    [{ kind: "domain", code: "ACTIVATION_LIMIT_REACHED", message: "full" }, 400, "license_activated_max_times", /full/],
    [{ kind: "wire", status: 400, code: "date_header_diff", message: "late" }, 400, "date_header_diff", /late/],
    [{ kind: "rateLimited", retryAfterSeconds: 7 }, 429, "too_many_requests", /Retry-After/],
    [{ kind: "internal" }, 500, "internal_server_error", /unexpected/],
  ] as Array<[Failure, number, string, RegExp]>)("renders %j", (failure, status, code, message) => {
    const result = renderV4Failure(failure);
    expect(result.status).toBe(status);
    expect(result.body).toMatchObject({ status, code });
    expect(result.body.message).toMatch(message);
  });

  it("names a missing hardware_id on trial_key missing_hardware_id, as LicenseSpring does; other operations keep missing_parameters", () => {
    const missing: Failure = { kind: "invalid", problems: [{ location: "query", field: "hardware_id", message: "is required", keyword: "required" }] };
    expect(renderV4Failure(missing, "getTrialKey").body).toMatchObject({ status: 400, code: "missing_hardware_id", message: expect.stringMatching(/hardware_id/) });
    expect(renderV4Failure(missing, "getVersions").body.code).toBe("missing_parameters");
  });
});
