import { describe, expect, it } from "vitest";
import { licenseSpringAuthHeaders, signOfflineIdentity, signRequestDate } from "../../client/v4-signing.js";
import { createV4Client } from "../../client/v4.js";

// Inputs and outputs from LicenseSpring's documentation (reference §1.1 and §4.1).
const sharedKey = "kw4qSnpSwXzgiv5yxYpZZmFEd9QAeiKTQ6OuyMja";
const documentedDate = "Tue, 07 Jun 2011 20:51:35 GMT";

describe("LicenseSpring request signing", () => {
  it("reproduces the documented request signature", () => {
    expect(signRequestDate(documentedDate, sharedKey)).toBe("UDysfR6MndUZReo07Y9r+vErn8vSxrnQ5ulit18iJ/Q=");
  });

  it("gives a different signature for another key or another date", () => {
    const reference = signRequestDate(documentedDate, sharedKey);
    expect(signRequestDate(documentedDate, `${sharedKey}x`)).not.toBe(reference);
    expect(signRequestDate("Tue, 07 Jun 2011 20:51:36 GMT", sharedKey)).not.toBe(reference);
  });

  it("reproduces the documented offline inner signature", () => {
    const fields = { date: documentedDate, license_key: "FUH3-4E7A-LZJL-7JTP", hardware_id: "A53F-0CBC-15FC-7E81" };
    expect(signOfflineIdentity(fields, "11111111-2222-3333-4444-555555555555", sharedKey)).toBe(
      "J8aPPTTiWPVJQ5CjDwZQ2c7OCT4Kndxly09CmWTsrtc=",
    );
  });

  it("formats the headers exactly as the node SDK does", () => {
    const headers = licenseSpringAuthHeaders({ apiKey: "api-key", sharedKey }, new Date(Date.UTC(2011, 5, 7, 20, 51, 35)));
    expect(headers.Date).toBe(documentedDate);
    expect(headers.Authorization).toBe(
      'algorithm="hmac-sha256",headers="date",signature="UDysfR6MndUZReo07Y9r+vErn8vSxrnQ5ulit18iJ/Q=",apikey="api-key"',
    );
  });

  it("signs every request the typed client sends, with a fresh Date", async () => {
    const seen: Request[] = [];
    const fetch = async (request: Request) => {
      seen.push(request);
      return new Response("{}", { status: 200, headers: { "content-type": "application/json" } });
    };
    let clock = Date.UTC(2026, 0, 1, 0, 0, 0);
    const client = createV4Client({
      baseUrl: "http://licensing.test",
      apiKey: "key-1",
      sharedKey,
      fetch: fetch as typeof globalThis.fetch,
      now: () => new Date((clock += 1000)),
    });
    await client.GET("/api/v4/product_details", { params: { query: { product: "TP" } } as never });
    await client.GET("/api/v4/product_details", { params: { query: { product: "TP" } } as never });
    expect(seen).toHaveLength(2);
    const [first, second] = seen.map((r) => ({ date: r.headers.get("date")!, auth: r.headers.get("authorization")! }));
    expect(first!.date).not.toBe(second!.date);
    for (const { date, auth } of [first!, second!]) {
      expect(auth).toContain(`signature="${signRequestDate(date, sharedKey)}"`);
      expect(auth).toContain('apikey="key-1"');
    }
  });
});
