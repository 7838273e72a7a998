/**
 * The records the benchmark works on, made through the public APIs of a freshly seeded server: the demo account
 * (its admin token and v4 API key, from the demo file) gets a roomy license for the throughput phases, one device
 * activated through each version, and a row of small licenses for the limit phase.
 */
import { readFileSync } from "node:fs";
import { decodeJwt } from "jose";
import { createV3Client, type V3Client } from "../client/v3.js";
import { createV4Client } from "../client/v4.js";
import type { DemoData } from "../server/demo.js";
import { activationRequest } from "../test/support/api.js";
import { device } from "../test/support/v4-fixtures.js";

export interface BenchData {
  demo: DemoData;
  /** A license with seats for every hardware id the throughput phases use. */
  roomy: { id: string; key: string; productId: string };
  /** The v4 device `check_license` asks about. */
  checkedHardwareId: string;
  /** The v3 activation that `PATCH` and `GET /v3/activations/{id}` act on, and the machine it belongs to. */
  activation: { id: string; machine: ReturnType<typeof activationRequest> };
  /** Licenses with `smallLimit` seats, which the limit phase tries to overfill. */
  smallLicenses: Array<{ id: string; key: string }>;
}

export const smallLimit = 2;
const smallLicenseCount = 20;
/** Hardware ids `activate_license` cycles through; each holds a seat of the roomy license after its first round. */
export const activationPoolSize = 100;

export async function prepareBenchData(baseUrl: string, demoFile: string): Promise<BenchData> {
  const demo = JSON.parse(readFileSync(demoFile, "utf8")) as DemoData;
  const v3 = createV3Client({ baseUrl, token: demo.adminToken });
  const roomy = await createLicense(v3, demo.productId, activationPoolSize + 10);
  const checkedHardwareId = await activateV4Device(baseUrl, demo, roomy.key);
  const machine = activationRequest(roomy, demo.accountId);
  const activated = await v3.POST("/v3/activations", { body: machine });
  if (!activated.data) throw new Error(`v3 activation failed: ${JSON.stringify(activated.error)}`);
  const smallLicenses: BenchData["smallLicenses"] = [];
  for (let i = 0; i < smallLicenseCount; i += 1) smallLicenses.push(await createLicense(v3, demo.productId, smallLimit));
  return { demo, roomy, checkedHardwareId, activation: { id: activationIdOf(activated.data.activationToken), machine }, smallLicenses };
}

async function createLicense(v3: V3Client, productId: string, allowedActivations: number) {
  const { data, error } = await v3.POST("/v3/licenses", { body: { productId, allowedActivations } });
  if (!data) throw new Error(`license creation failed: ${JSON.stringify(error)}`);
  return { id: data.id, key: data.key, productId };
}

async function activateV4Device(baseUrl: string, demo: DemoData, licenseKey: string): Promise<string> {
  const v4 = createV4Client({ baseUrl, apiKey: demo.v4.apiKey, sharedKey: demo.v4.sharedKey });
  const hardwareId = device();
  const { error } = await v4.POST("/api/v4/activate_license", {
    params: { header: { Date: "set by the signing middleware" } },
    body: { license_key: licenseKey, hardware_id: hardwareId, product: demo.v4.productCode },
  });
  if (error) throw new Error(`v4 activation failed: ${JSON.stringify(error)}`);
  return hardwareId;
}

/** The activation id is the `aid` claim of the v3 activationToken. */
function activationIdOf(activationToken: string): string {
  return String(decodeJwt(activationToken).aid);
}

/** How many activations each license holds, by listing them (the rows, not a counter). */
export async function countActivations(baseUrl: string, demo: DemoData, licenseIds: string[]): Promise<number[]> {
  const v3 = createV3Client({ baseUrl, token: demo.adminToken });
  const counts: number[] = [];
  for (const licenseId of licenseIds) {
    const listed = await v3.GET("/v3/activations", { params: { query: { licenseId } } });
    counts.push(Number(listed.response.headers.get("Pagination-Count")));
  }
  return counts;
}
