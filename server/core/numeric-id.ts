/**
 * v4 clients expect numeric ids (license, device, product, company); our records have UUIDs. The number is the
 * UUID's first 52 bits, so it is stable, fits JavaScript and Python numbers exactly (< 2^53), and needs no column.
 * It identifies a record only among a handful of candidates (`license_id` picks one of a user's licenses), where a
 * collision is practically impossible.
 */
export function numericId(uuid: string): number {
  return Number.parseInt(uuid.replace(/-/g, "").slice(0, 13), 16) + 1;
}
