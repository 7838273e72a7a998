/**
 * How deep a request body may nest. Free-form members (metadata, custom fields) pass the schemas with any shape, and
 * a value nested thousands of levels deep overflows the stack of whatever walks it recursively later (JSON.stringify
 * on the way to the database answered 500). No documented body comes near this depth.
 */
export const maxBodyDepth = 64;

/** Whether `value` nests objects or arrays deeper than `limit`; iterative, so any depth is measured safely. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
}
