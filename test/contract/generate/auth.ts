/**
 * Missing or garbled credentials, as the headers a request sends instead of the target's own: v3 bearer tokens,
 * v4 HMAC-signed `Date` + `Authorization` (and the OAuth bearer alternative).
 */
import fc from "fast-check";
import { licenseSpringAuthHeaders, signRequestDate, type HmacCredentials } from "../../../client/v4-signing.js";
import type { SpecVersion } from "../../support/spec.js";

export interface AuthMutation {
  label: string;
  headers: fc.Arbitrary<Record<string, string>>;
}

const tokenText = fc.stringMatching(/^[A-Za-z0-9._~+/-]{1,80}$/);
const base64 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes).toString("base64"));
/** Outside LicenseSpring's 15-minute window, up to a year away, either way. */
const staleOffsetMs = fc.integer({ min: 16 * 60_000, max: 365 * 24 * 3_600_000 }).chain((ms) => fc.constantFrom(ms, -ms));

/** v4 mutations need real credentials: a stale Date or a wrong signature is only wrong with a known key. */
export function authMutations(spec: SpecVersion, credentials?: HmacCredentials): AuthMutation[] {
  if (spec === "v3") {
    return [
      { label: "no Authorization header", headers: fc.constant({}) },
      { label: "a random bearer token", headers: tokenText.map((token) => ({ authorization: `Bearer ${token}` })) },
      { label: "Bearer without a token", headers: fc.constantFrom("Bearer", "Bearer ").map((authorization) => ({ authorization })) },
      { label: "another scheme", headers: tokenText.map((token) => ({ authorization: `Basic ${token}` })) },
      { label: "garbled Authorization", headers: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 60 }).filter((s) => s.trim() === s && s.length > 0).map((authorization) => ({ authorization })) },
    ];
  }
  if (!credentials) throw new Error("v4 auth mutations need the run's API key and shared key");
  const signed = () => licenseSpringAuthHeaders(credentials);
  const authorization = (fields: Record<string, string>) => Object.entries(fields).map(([k, v]) => `${k}="${v}"`).join(",");
  return [
    { label: "no Date and no Authorization", headers: fc.constant({}) },
    { label: "no Date header", headers: fc.constant(null).map(() => ({ Authorization: signed().Authorization })) },
    { label: "no Authorization header", headers: fc.constant(null).map(() => ({ Date: signed().Date })) },
    {
      label: "a stale Date, correctly signed",
      headers: staleOffsetMs.map((offset) => {
        const date = new Date(Date.now() + offset).toUTCString();
        return { Date: date, Authorization: authorization({ algorithm: "hmac-sha256", headers: "date", signature: signRequestDate(date, credentials.sharedKey), apikey: credentials.apiKey }) };
      }),
    },
    { label: "a Date that is not a date", headers: fc.constantFrom("yesterday", "Mon, 99 Foo 2024 99:99:99 GMT", "").map((date) => ({ Date: date, Authorization: signed().Authorization })) },
    {
      label: "a wrong signature",
      headers: base64.map((signature) => {
        const { Date: date } = signed();
        return { Date: date, Authorization: authorization({ algorithm: "hmac-sha256", headers: "date", signature, apikey: credentials.apiKey }) };
      }),
    },
    {
      label: "an unknown API key",
      headers: fc.uuid().map((apikey) => {
        const { Date: date } = signed();
        return { Date: date, Authorization: authorization({ algorithm: "hmac-sha256", headers: "date", signature: signRequestDate(date, credentials.sharedKey), apikey }) };
      }),
    },
    {
      label: "a malformed Authorization",
      headers: fc
        .oneof(
          fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 60 }),
          fc.constantFrom('algorithm="hmac-sha256"', 'algorithm="hmac-md5",headers="date",signature="x",apikey="y"', 'algorithm="hmac-sha256",headers="host",signature="x",apikey="y"', "Bearer"),
        )
        .filter((value) => value.trim() === value && value.length > 0)
        .map((value) => ({ Date: signed().Date, Authorization: value })),
    },
    { label: "a random OAuth bearer token", headers: tokenText.map((token) => ({ Date: signed().Date, Authorization: `Bearer ${token}` })) },
  ];
}
