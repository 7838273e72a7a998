/** Date arithmetic in seconds, as the license policy fields count. */

export function addSeconds(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000);
}

/** Unix seconds of a date (0 for none), as JWT claims carry them. */
export function unixSeconds(date: Date | null | undefined): number {
  return date ? Math.floor(date.getTime() / 1000) : 0;
}
