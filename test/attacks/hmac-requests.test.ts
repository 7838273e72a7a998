/**
 * Forged, stale and replayed HMAC-signed License API (v4) requests. The signature covers only
 * `licenseSpring\ndate: <Date>` under the caller's shared key (reference/licensespring-v4.md §1.1), and the server
 * accepts a `Date` within 15 minutes of its clock either way. The clock here stands still, so the edges are exact.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { hmacBase64, licenseSpringAuthHeaders } from "../../client/v4-signing.js";
import type { Core } from "../../server/core/index.js";
import { dateWindowMs } from "../../server/v4/auth-hmac.js";
import { describeEachDatabase } from "../support/database.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { createV4Vendor, type V4Vendor } from "../support/v4-fixtures.js";

const second = 1000;

describeEachDatabase("attack: forged and replayed v4 HMAC requests", (getCore) => {
  let now = new Date("2026-12-06T10:00:00.000Z");
  let server: TestServer;
  let vendor: V4Vendor;
  let other: V4Vendor;

  beforeAll(async () => {
    const core: Core = { ...getCore(), now: () => now };
    server = await startTestServer(core);
    vendor = await createV4Vendor(core);
    other = await createV4Vendor(core);
  });
  afterAll(() => server?.stop());

  /** The outcome of a signed GET: authentication passed when the product lookup behind it says unknown_product. */
  async function productDetails(headers: Record<string, string>): Promise<string> {
    const result = await server.raw("GET", "/api/v4/product_details", "/api/v4/product_details?product=NO-SUCH-PRODUCT", { headers });
    return `${result.status} ${result.body.code}`;
  }
  const passed = "400 unknown_product";
  const signedAt = (offsetMs: number, credentials: { apiKey: string; sharedKey: string } = vendor) =>
    licenseSpringAuthHeaders(credentials, new Date(now.getTime() + offsetMs));

  it.each([
    ["exactly 15 minutes old", -dateWindowMs, passed],
    ["15 minutes and 1 second old", -dateWindowMs - second, "400 date_header_diff"],
    ["exactly 15 minutes ahead", dateWindowMs, passed],
    ["15 minutes and 1 second ahead", dateWindowMs + second, "400 date_header_diff"],
    ["a year old", -365 * 24 * 3600 * second, "400 date_header_diff"],
  ])("a Date %s: %s", async (_name, offsetMs, expected) => {
    expect(await productDetails(signedAt(offsetMs))).toBe(expected);
  });

  it.each([
    ["the genuine signature", () => signedAt(0), passed],
    ["the wrong shared key", () => signedAt(0, { apiKey: vendor.apiKey, sharedKey: other.sharedKey }), "400 signature_mismatch"],
    ["another company's API key with our shared key", () => signedAt(0, { apiKey: other.apiKey, sharedKey: vendor.sharedKey }), "400 signature_mismatch"],
    [
      "a signature over one Date sent with another (both in the window)",
      () => ({ ...signedAt(0), Date: new Date(now.getTime() - second).toUTCString() }),
      "400 signature_mismatch",
    ],
    [
      "a signature over the Date in another spelling (ISO-8601)",
      () => ({ ...signedAt(0), Date: now.toISOString() }),
      "400 signature_mismatch",
    ],
    [
      "a signature over the bare Date, without the licenseSpring prefix",
      () => {
        const headers = signedAt(0);
        return { ...headers, Authorization: headers.Authorization.replace(/signature="[^"]+"/, `signature="${hmacBase64(vendor.sharedKey, headers.Date)}"`) };
      },
      "400 signature_mismatch",
    ],
  ])("%s: %s", async (_name, headers, expected) => {
    expect(await productDetails(headers())).toBe(expected);
  });

  it("accepts a replayed Date + Authorization within the window, and refuses it once the window has passed", async () => {
    // The signature binds only the Date, at one-second resolution: the official SDKs send byte-identical headers for
    // calls made in the same second, so refusing a repeat would refuse them. LicenseSpring documents no nonce; the
    // window is the contract's only replay bound (reference/licensespring-v4.md §1.1).
    const captured = signedAt(0);
    expect(await productDetails(captured)).toBe(passed);
    expect(await productDetails(captured)).toBe(passed);
    now = new Date(now.getTime() + dateWindowMs + second);
    expect(await productDetails(captured)).toBe("400 date_header_diff");
  });
});
