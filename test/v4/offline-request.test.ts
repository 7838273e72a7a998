/** Reading offline request files: both schemas, every SDK's serialisation, and each documented refusal. */
import { createHmac, randomUUID } from "node:crypto";
import { LicenseAPI } from "@licensespring/node-sdk";
import { describe, expect, it } from "vitest";
import { buildOfflineRequest, type OfflineDevice } from "../../client/v4-offline.js";
import { dereference, resolvePointer } from "../../client/spec-document.js";
import { signOfflineIdentity } from "../../client/v4-signing.js";
import { WireError } from "../../server/http/failures.js";
import { RequestValidationError } from "../../server/http/request-problems.js";
import { jsonMemberText } from "../../server/v4/json-member-text.js";
import { readOfflineRequest, type OfflineSigner } from "../../server/v4/read-offline-request.js";
import { loadSpec } from "../support/spec.js";

const credentials = { apiKey: randomUUID(), sharedKey: "shared-key-of-the-caller" };
const signer: OfflineSigner = { field: "api_key", value: credentials.apiKey, secret: credentials.sharedKey };
const device: OfflineDevice = { product: "TP", hardware_id: "A53F-0CBC-15FC", license_key: "FUH3-4E7A-LZJL-7JTP", os_ver: "Windows 11" };

const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const decode = (body: string) => JSON.parse(Buffer.from(body, "base64").toString("utf8")) as Record<string, any>;
const hmac = (text: string, key = credentials.sharedKey) => createHmac("sha256", key).update(text);

/** The wire code of what `work` throws (validation problems are the layer's `validation_error`). */
function refusal(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    if (error instanceof WireError) return error.code;
    if (error instanceof RequestValidationError) return "validation_error";
    throw error;
  }
  return "accepted";
}

describe("jsonMemberText", () => {
  it("returns the exact text of a top-level member, whatever the spacing", () => {
    const python = '{"request": {"a": 1, "b": "x, y: {z}"}, "signature": "s"}';
    expect(jsonMemberText(python, "request")).toBe('{"a": 1, "b": "x, y: {z}"}');
    expect(jsonMemberText(python, "signature")).toBe('"s"');
  });

  it("ignores nested members, strings that look like keys, and takes the last duplicate as JSON.parse does", () => {
    const text = '{"x":{"request":1},"s":"\\"request\\":2","request":[3,{"k":"}"}],"request" : 4 }';
    expect(jsonMemberText(text, "request")).toBe("4");
    expect(JSON.parse(text).request).toBe(4);
    expect(jsonMemberText(text, "x")).toBe('{"request":1}');
    expect(jsonMemberText(text, "missing")).toBeUndefined();
  });

  it("matches escaped member names by their value", () => {
    expect(jsonMemberText('{"requ\\u0065st":{"a":1}}', "request")).toBe('{"a":1}');
  });
});

describe("readOfflineRequest", () => {
  it.each([1, 2] as const)("accepts a schema v%i file built with the caller's credentials", (schemaVersion) => {
    const body = buildOfflineRequest(device, credentials, { request: "activation", schemaVersion });
    const read = readOfflineRequest(body, signer, "activation");
    expect(read.schemaVersion).toBe(schemaVersion);
    expect(read.payload).toMatchObject({ ...device, api_key: credentials.apiKey, request: "activation" });
  });

  it("accepts the node SDK's own v2 activation and deactivation files (no inner signature)", () => {
    const sdk = new LicenseAPI({ apiKey: credentials.apiKey, sharedKey: credentials.sharedKey, apiPath: "http://127.0.0.1:1/api/v4/", publicKey: "unused" } as never);
    const activation = sdk.createOfflineActivationPayload({ product: "TP", hardware_id: "hw-1", license_key: "KEY-1" } as never);
    const deactivation = sdk.createOfflineDeactivationPayload({ product: "TP", hardware_id: "hw-1", license_key: "KEY-1" } as never);
    expect(decode(activation).request.signature).toBeUndefined();
    expect(readOfflineRequest(activation, signer, "activation").payload).toMatchObject({ hardware_id: "hw-1", schema_version: 2 });
    expect(readOfflineRequest(deactivation, signer, "deactivation").payload.request).toBe("deactivation");
  });

  it("verifies a v2 signature over the client's own serialisation, not a re-serialisation (Python spacing, hex)", () => {
    const request = { ...device, api_key: credentials.apiKey, date: "Mon, 01 Sep 2025 10:14:02 GMT", schema_version: 2, hostname: "Zürich" };
    const pythonText = JSON.stringify(request, null, 1).replace(/\n\s*/g, " ").replace(/"Zürich"/, '"Z\\u00fcrich"');
    expect(pythonText).not.toBe(JSON.stringify(request));
    for (const signature of [hmac(pythonText).digest("base64"), hmac(pythonText).digest("hex")]) {
      const body = base64(`{"request": ${pythonText}, "signature": "${signature}"}`);
      expect(readOfflineRequest(body, signer, "activation").payload.hostname).toBe("Zürich");
    }
    const resignedCompact = base64(`{"request": ${pythonText}, "signature": "${hmac(JSON.stringify(request)).digest("base64")}"}`);
    expect(refusal(() => readOfflineRequest(resignedCompact, signer, "activation"))).toBe("signature_mismatch");
  });

  it("accepts the spec's examples signed with the demo shared key", () => {
    const spec = loadSpec("v4");
    const demo: OfflineSigner = { field: "api_key", value: "11abafc3-10b2-474a-b818-aaaf97c7512e", secret: "kw4qSnpSwXzgiv5yxYpZZmFEd9QAeiKTQ6OuyMja" };
    const example = (path: string, name: string) =>
      (dereference(spec, resolvePointer(spec, `/paths/${path.replace(/\//g, "~1")}/post/requestBody/content/text~1plain/examples/${name}`)) as { value: string }).value;
    expect(readOfflineRequest(example("/api/v4/activate_offline", "nodeSdkV2"), demo, "activation").schemaVersion).toBe(2);
    expect(readOfflineRequest(example("/api/v4/deactivate_offline", "nodeSdkV2"), demo, "deactivation").schemaVersion).toBe(2);
    expect(readOfflineRequest(example("/api/v4/activate_bundle_offline", "bundleV1"), demo, "activation").payload.product).toBe("TPB");
    expect(readOfflineRequest(example("/api/v4/deactivate_bundle_offline", "bundleV1"), demo, "deactivation").schemaVersion).toBe(1);
  });

  it.each([1, 2] as const)("refuses a schema v%i file whose hardware_id was changed after signing", (schemaVersion) => {
    const file = decode(buildOfflineRequest(device, credentials, { request: "activation", schemaVersion }));
    (schemaVersion === 2 ? file.request : file).hardware_id = "ANOTHER-MACHINE";
    expect(refusal(() => readOfflineRequest(base64(JSON.stringify(file)), signer, "activation"))).toBe("signature_mismatch");
  });

  it("refuses a v2 file whose inner signature, when present, does not match", () => {
    const file = decode(buildOfflineRequest(device, credentials, { request: "activation", schemaVersion: 2 }));
    file.request.signature = signOfflineIdentity({ ...file.request, hardware_id: "other" }, credentials.apiKey, credentials.sharedKey);
    file.signature = hmac(JSON.stringify(file.request)).digest("base64");
    expect(refusal(() => readOfflineRequest(base64(JSON.stringify(file)), signer, "activation"))).toBe("signature_mismatch");
  });

  it.each([1, 2] as const)("refuses a schema v%i file signed with another shared key, or naming another API key", (schemaVersion) => {
    const wrongKey = buildOfflineRequest(device, { ...credentials, sharedKey: "not-the-shared-key" }, { request: "activation", schemaVersion });
    const otherCaller = buildOfflineRequest(device, { apiKey: randomUUID(), sharedKey: credentials.sharedKey }, { request: "activation", schemaVersion });
    expect(refusal(() => readOfflineRequest(wrongKey, signer, "activation"))).toBe("signature_mismatch");
    expect(refusal(() => readOfflineRequest(otherCaller, signer, "activation"))).toBe("signature_mismatch");
  });

  it("checks OAuth files against the client id and client secret", () => {
    const oauth: OfflineSigner = { field: "client_id", value: "client-7", secret: "client-secret" };
    const request = { ...device, client_id: "client-7", date: "Tue, 02 Sep 2025 08:30:00 GMT", schema_version: 2 };
    const signed = (key: string) => base64(JSON.stringify({ request, signature: hmac(JSON.stringify(request), key).digest("base64") }));
    expect(readOfflineRequest(signed("client-secret"), oauth, "activation").payload.client_id).toBe("client-7");
    expect(refusal(() => readOfflineRequest(signed("client-7"), oauth, "activation"))).toBe("signature_mismatch");
    expect(refusal(() => readOfflineRequest(buildOfflineRequest(device, credentials, { request: "activation", schemaVersion: 2 }), oauth, "activation"))).toBe("signature_mismatch");
  });

  it("reads a multipart file part given as bytes", () => {
    const body = Buffer.from(buildOfflineRequest(device, credentials, { request: "deactivation", schemaVersion: 1 }));
    expect(readOfflineRequest(body, signer, "deactivation").payload.license_key).toBe(device.license_key);
  });

  it.each([
    ["no body", undefined, "missing_parameters"],
    ["an empty body", "", "missing_parameters"],
    ["only line breaks", "\r\n", "missing_content"],
    ["an empty JSON object", base64("{}"), "missing_content"],
    ["an empty v2 request", base64('{"request":{},"signature":"abcd"}'), "missing_content"],
    ["text that is not Base64", "not base64!", "authorization_missing_params"],
    ["Base64 of something that is not JSON", base64("licenseSpring"), "authorization_missing_params"],
    ["Base64 of a JSON array", base64("[1,2]"), "authorization_missing_params"],
  ])("refuses %s with %s", (_what, body, code) => {
    expect(refusal(() => readOfflineRequest(body, signer, "activation"))).toBe(code);
  });

  it.each(["hardware_id", "date", "license_key", "api_key", "signature", "product"])("names a missing %s (authorization_missing_params)", (field) => {
    const file = decode(buildOfflineRequest(device, credentials, { request: "activation", schemaVersion: 1 }));
    delete file[field];
    try {
      readOfflineRequest(base64(JSON.stringify(file)), signer, "activation");
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: "authorization_missing_params", message: expect.stringContaining(field) });
    }
  });

  it("refuses fields of the wrong type, a v2 file without schema_version 2, and a file of the other kind", () => {
    const wrongType = decode(buildOfflineRequest(device, credentials, { request: "activation", schemaVersion: 1 }));
    wrongType.is_vm = "yes";
    expect(refusal(() => readOfflineRequest(base64(JSON.stringify(wrongType)), signer, "activation"))).toBe("validation_error");
    const request = { ...device, api_key: credentials.apiKey, date: "d" };
    const noVersion = base64(JSON.stringify({ request, signature: hmac(JSON.stringify(request)).digest("base64") }));
    expect(refusal(() => readOfflineRequest(noVersion, signer, "activation"))).toBe("validation_error");
    const deactivation = buildOfflineRequest(device, credentials, { request: "deactivation", schemaVersion: 2 });
    expect(refusal(() => readOfflineRequest(deactivation, signer, "activation"))).toBe("validation_error");
    expect(refusal(() => readOfflineRequest(deactivation, signer, "deactivation"))).toBe("accepted");
  });
});
