/**
 * CPU time a process has used (Linux /proc/<pid>/stat, user + system). Per request, it is the figure the machine's
 * other load disturbs least: throughput on a shared machine swings with its neighbours, the work per request does not.
 */
import { readFileSync } from "node:fs";

/** /proc reports in USER_HZ ticks, 100 per second on Linux whatever the kernel's own tick rate. */
const ticksPerSecond = 100;

export function readCpuMs(pid: number): number {
  // Fields after the parenthesised command name (which may hold spaces): utime and stime are the 12th and 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}
