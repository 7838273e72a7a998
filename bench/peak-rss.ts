/** A process's peak resident set size (Linux `VmHWM`), reset between phases so each phase reports its own peak. */
import { readFileSync, writeFileSync } from "node:fs";

/** Resets the peak to the current RSS (`5` to clear_refs, Linux 4.0+); false where the kernel refuses. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

/** The peak RSS in MiB since start or the last reset. */
export function readPeakRss(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`no VmHWM for process ${pid}`);
  return Number(match[1]) / 1024;
}
