/** The benchmark's knobs, in one place. Every run is bounded: a fixed number of phases of a fixed duration. */

/** Seconds of load per measured phase (`BENCH_DURATION`); five keeps `npm run bench` under three minutes. */
export const phaseSeconds = Number(process.env.BENCH_DURATION ?? 5);

/** Concurrent keep-alive connections per phase (`BENCH_CONNECTIONS`): enough to keep two cores busy. */
export const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);

const outOfReach = "1000000000/5s";

/** Every rate limit of the server set out of reach, so the throughput phases measure the server, not its throttling. */
export const unthrottled: Record<string, string> = {
  RATE_LIMIT_V3_IP: outOfReach,
  RATE_LIMIT_V3_CREDENTIAL: outOfReach,
  RATE_LIMIT_V4_IP: outOfReach,
  RATE_LIMIT_V4_CREDENTIAL: outOfReach,
};

/** The known limit of the rate-limit phase: this many requests per window of this many seconds. */
export const rateLimitUnderTest = { max: 200, windowSeconds: 2 };

/** The rate-limit phase's environment: the known limit on every limit, so whichever one applies is the one counted. */
export function throttledAt({ max, windowSeconds }: typeof rateLimitUnderTest): Record<string, string> {
  const limit = `${max}/${windowSeconds}s`;
  return {
    RATE_LIMIT_V3_IP: limit,
    RATE_LIMIT_V3_CREDENTIAL: limit,
    RATE_LIMIT_V4_IP: limit,
    RATE_LIMIT_V4_CREDENTIAL: limit,
  };
}
