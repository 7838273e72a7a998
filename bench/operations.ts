/**
 * The operations the benchmark loads, as autocannon request loops over the bench data. The same loops go to the
 * server and to Prism, so each pair of figures compares the same operation.
 */
import { licenseSpringAuthHeaders, type HmacCredentials } from "../client/v4-signing.js";
import { activationPoolSize, type BenchData } from "./bench-data.js";
import type { LoadRequest } from "./load.js";

export interface Operation {
  name: string;
  version: "v3" | "v4";
  requests(data: BenchData): LoadRequest[];
}

const json = { "content-type": "application/json" };

/** Public, validated (an enum query parameter) and presented, but answered without the database: target (a)'s route. */
export const oauthUrl: Operation = {
  name: "v4 GET oauth_url (no database)",
  version: "v4",
  requests: () => [{ method: "GET", path: "/api/v4/oauth_url?login_type=client_credentials" }],
};

export const checkLicense: Operation = {
  name: "v4 check_license",
  version: "v4",
  requests: ({ demo, roomy, checkedHardwareId }) => {
    const query = new URLSearchParams({ license_key: roomy.key, hardware_id: checkedHardwareId, product: demo.v4.productCode });
    return [{ method: "GET", path: `/api/v4/check_license?${query}`, setupRequest: signedBy(demo.v4) }];
  },
};

/** Re-activations across a pool of devices that all hold a seat after the first round, so every answer is a 200. */
export const activateLicense: Operation = {
  name: "v4 activate_license",
  version: "v4",
  requests: ({ demo, roomy }) => {
    let next = 0;
    const sign = signedBy(demo.v4);
    return [{
      method: "POST",
      path: "/api/v4/activate_license",
      headers: json,
      setupRequest: (request) => {
        next = (next + 1) % activationPoolSize;
        const body = JSON.stringify({ license_key: roomy.key, hardware_id: `bench-device-${next}`, product: demo.v4.productCode });
        return sign({ ...request, body });
      },
    }];
  },
};

/** The sync a v3 client sends every `serverSyncInterval`: public, proven by the machine's own identifiers. */
export const syncActivation: Operation = {
  name: "v3 PATCH /v3/activations/{id}",
  version: "v3",
  requests: ({ activation }) => [{ method: "PATCH", path: `/v3/activations/${activation.id}`, headers: json, body: JSON.stringify(activation.machine) }],
};

export const getActivation: Operation = {
  name: "v3 GET /v3/activations/{id}",
  version: "v3",
  requests: ({ demo, activation }) => [{ method: "GET", path: `/v3/activations/${activation.id}`, headers: { authorization: `Bearer ${demo.adminToken}` } }],
};

/** The operations measured on each database and on Prism. */
export const measuredOperations = [checkLicense, activateLicense, syncActivation, getActivation];

/** Signs each request as it is sent: a fresh `Date` and its HMAC, as the SDKs do, never a stored signature. */
export function signedBy(credentials: HmacCredentials): (request: LoadRequest) => LoadRequest {
  return (request) => ({ ...request, headers: { ...request.headers, ...lowerCased(licenseSpringAuthHeaders(credentials)) } });
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
