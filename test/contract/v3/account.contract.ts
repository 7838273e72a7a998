/** v3 account: every documented status of the account's signing-key operation. */
import { describe, expect, it } from "vitest";
import { contractSuite } from "../suite.js";
import { sharedCases } from "./common.js";

const suite = contractSuite();
const { client } = suite;

describe("getAccountSigningKey", () => {
  it("200 with the account's RSA public key", async () => {
    const key = await client.call("getAccountSigningKey", {}, 200);
    expect(key.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });
  sharedCases(suite, "getAccountSigningKey");
});
