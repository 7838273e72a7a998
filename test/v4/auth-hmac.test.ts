import { beforeAll, expect, it } from "vitest";
import { licenseSpringAuthHeaders, signRequestDate } from "../../client/v4-signing.js";
import { createAccount, createApiKey, revokeApiKey, type Core } from "../../server/core/index.js";
import { authenticateHmac, parseAuthorization } from "../../server/v4/auth-hmac.js";
import { WireError } from "../../server/http/failures.js";
import { describeEachDatabase } from "../support/database.js";

const minute = 60_000;

/** The Authorization header in a given client's dialect. */
function authorization(options: { date: string; sharedKey: string; apiKey: string; name?: string; separator?: string; algorithm?: string }) {
  const signature = signRequestDate(options.date, options.sharedKey);
  const parts = [`algorithm="${options.algorithm ?? "hmac-sha256"}"`, 'headers="date"', `signature="${signature}"`, `${options.name ?? "apikey"}="${options.apiKey}"`];
  return parts.join(options.separator ?? ",");
}

describeEachDatabase("v4 HMAC authentication", (getCore) => {
  const now = new Date("2026-11-22T12:00:00Z");
  let core: Core;
  let accountId: string;
  let key: { apiKey: string; sharedKey: string };
  let readOnly: { apiKey: string; sharedKey: string };
  let revoked: { apiKey: string; sharedKey: string };

  beforeAll(async () => {
    core = { ...getCore(), now: () => now };
    accountId = (await createAccount(core, { name: "v4 vendor" })).id;
    key = await createApiKey(core, { accountId });
    readOnly = await createApiKey(core, { accountId, readOnly: true });
    revoked = await createApiKey(core, { accountId });
    await revokeApiKey(core, accountId, { apiKey: revoked.apiKey });
  });

  const at = (offsetMs: number) => new Date(now.getTime() + offsetMs).toUTCString();

  it.each([
    ["the node SDK's headers", () => licenseSpringAuthHeaders(key, now)],
    ["the Python SDK's apiKey spelling", () => ({ Date: at(0), Authorization: authorization({ ...key, date: at(0), name: "apiKey" }) })],
    ["spaces after the commas", () => ({ Date: at(0), Authorization: authorization({ ...key, date: at(0), separator: ", " }) })],
    ["a Date 14 minutes old", () => ({ Date: at(-14 * minute), Authorization: authorization({ ...key, date: at(-14 * minute) }) })],
    ["a Date 14 minutes ahead", () => ({ Date: at(14 * minute), Authorization: authorization({ ...key, date: at(14 * minute) }) })],
  ])("accepts %s", async (_name, headers) => {
    const { Date: date, Authorization: auth } = headers();
    await expect(authenticateHmac(core, { date, authorization: auth })).resolves.toEqual({ accountId, apiKey: key.apiKey, sharedKey: key.sharedKey, readOnly: false, productIds: null });
  });

  it("marks a read-only key as such", async () => {
    const { Date: date, Authorization: auth } = licenseSpringAuthHeaders(readOnly, now);
    await expect(authenticateHmac(core, { date, authorization: auth })).resolves.toMatchObject({ readOnly: true });
  });

  it.each([
    ["no Date header", () => ({ authorization: authorization({ ...key, date: at(0) }) }), "missing_headers"],
    ["no Authorization header", () => ({ date: at(0) }), "missing_headers"],
    ["a header that is not name=value pairs", () => ({ date: at(0), authorization: "hmac abc" }), "authorization_invalid_headers"],
    ["a header without a signature", () => ({ date: at(0), authorization: `algorithm="hmac-sha256",headers="date",apikey="${key.apiKey}"` }), "authorization_missing_params"],
    ["another algorithm", () => ({ date: at(0), authorization: authorization({ ...key, date: at(0), algorithm: "hmac-sha1" }) }), "hmac_required"],
    ["a Date 16 minutes old", () => ({ date: at(-16 * minute), authorization: authorization({ ...key, date: at(-16 * minute) }) }), "date_header_diff"],
    ["a Date 16 minutes ahead", () => ({ date: at(16 * minute), authorization: authorization({ ...key, date: at(16 * minute) }) }), "date_header_diff"],
    ["an unreadable Date", () => ({ date: "yesterday", authorization: authorization({ ...key, date: "yesterday" }) }), "date_header_diff"],
    ["an unknown API key", () => ({ date: at(0), authorization: authorization({ ...key, apiKey: "00000000-0000-4000-8000-000000000000", date: at(0) }) }), "invalid_api_key"],
    ["a revoked API key", () => ({ date: at(0), authorization: authorization({ ...revoked, date: at(0) }) }), "revoked_api_key"],
    ["the wrong shared key", () => ({ date: at(0), authorization: authorization({ ...key, sharedKey: "wrong", date: at(0) }) }), "signature_mismatch"],
    ["a signature taken over another Date", () => ({ date: at(0), authorization: authorization({ ...key, date: at(-1000) }) }), "signature_mismatch"],
  ])("refuses %s with %s", async (_name, headers, code) => {
    const error = await authenticateHmac(core, headers()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WireError);
    expect(error).toMatchObject({ code, status: 400 });
  });
});

it.each([
  ['algorithm="a",headers="b",signature="c",apikey="d"', { algorithm: "a", headers: "b", signature: "c", apikey: "d" }],
  [' Algorithm = "a" , HEADERS="b",signature="c=",apiKey="d" ', { algorithm: "a", headers: "b", signature: "c=", apikey: "d" }],
])("parses %s", (header, expected) => {
  expect(parseAuthorization(header)).toEqual(expected);
});
