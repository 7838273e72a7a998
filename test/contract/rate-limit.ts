/** How long a client waits after a 429 it did not ask for: the target's `Retry-After`, between 1 and 10 seconds. */
export function waitOutRateLimit(response: Response): Promise<void> {
  const seconds = Math.min(Math.max(Number(response.headers.get("retry-after")) || 1, 1), 10);
  return new Promise((resolve) => setTimeout(resolve, seconds * 1000));
}
