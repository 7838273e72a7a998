/**
 * Target (d): the limits hold under the benchmark's load. Activation limits: activate_license from ever new devices
 * against licenses with few seats, then count the seats each license holds. Rate limits: a server throttled at a
 * known limit under check_license load, counting the requests let through per window.
 */
import { device } from "../test/support/v4-fixtures.js";
import { countActivations, smallLimit, type BenchData } from "./bench-data.js";
import { runLoad } from "./load.js";
import { checkLicense, signedBy } from "./operations.js";
import { connections, rateLimitUnderTest } from "./settings.js";

export interface LimitVerdict {
  held: boolean;
  figure: string;
}

/** Activations from new devices on random small licenses: each is a 200 or a refusal, and no license overshoots. */
export async function overfillActivationLimits(baseUrl: string, data: BenchData, durationSeconds: number): Promise<LimitVerdict> {
  const statuses = new Map<number, number>();
  const sign = signedBy(data.demo.v4);
  await runLoad(baseUrl, [{
    method: "POST",
    path: "/api/v4/activate_license",
    headers: { "content-type": "application/json" },
    setupRequest: (request) => {
      const license = data.smallLicenses[Math.floor(Math.random() * data.smallLicenses.length)]!;
      return sign({ ...request, body: JSON.stringify({ license_key: license.key, hardware_id: device(), product: data.demo.v4.productCode }) });
    },
  }], { durationSeconds, onStatus: (status) => tally(statuses, status) });
  const counts = await countActivations(baseUrl, data.demo, data.smallLicenses.map((license) => license.id));
  const most = Math.max(...counts);
  const unexpected = [...statuses.keys()].filter((status) => status !== 200 && status !== 400);
  return {
    held: most <= smallLimit && unexpected.length === 0,
    figure: `${sum(statuses)} attempts (${formatStatuses(statuses)}) on ${counts.length} licenses of ${smallLimit} seats: most seats held ${most}`,
  };
}

/**
 * Load far above the limit on a server throttled at `rateLimitUnderTest`: the 2xx answers, bucketed by the window they
 * arrive in, stay within the limit. A request let through at the very end of a window can arrive in the next one, so
 * a bucket may exceed the limit by at most the requests in flight (the connection count).
 */
export async function exceedRateLimit(baseUrl: string, data: BenchData, windows: number): Promise<LimitVerdict> {
  const { max, windowSeconds } = rateLimitUnderTest;
  const windowMs = windowSeconds * 1000;
  const passedPerWindow = new Map<number, number>();
  const statuses = new Map<number, number>();
  await runLoad(baseUrl, checkLicense.requests(data), {
    durationSeconds: windows * windowSeconds,
    onStatus: (status) => {
      tally(statuses, status);
      if (status < 300) tally(passedPerWindow, Math.floor(Date.now() / windowMs));
    },
  });
  const most = Math.max(0, ...passedPerWindow.values());
  const throttled = statuses.get(429) ?? 0;
  return {
    held: throttled > 0 && most <= max + connections,
    figure: `limit ${max}/${windowSeconds}s: ${formatStatuses(statuses)}; most 2xx in one window ${most} (allowance for requests in flight: ${connections})`,
  };
}

function tally(counts: Map<number, number>, key: number) {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function sum(counts: Map<number, number>): number {
  return [...counts.values()].reduce((a, b) => a + b, 0);
}

function formatStatuses(statuses: Map<number, number>): string {
  return [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${count}× ${status}`).join(", ");
}
