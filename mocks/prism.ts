import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const prismBin = require.resolve("@stoplight/prism-cli/dist/index.js");
const repoRoot = fileURLToPath(new URL("..", import.meta.url));

export type SpecVersion = "v3" | "v4";

export interface MockOptions {
  version: SpecVersion;
  port: number;
  host?: string;
  /** Receives each log line Prism prints (already stripped of colour codes). */
  onLog?: (line: string) => void;
  /** How long to wait for Prism to listen before giving up. */
  startTimeoutMs?: number;
}

export interface RunningMock {
  version: SpecVersion;
  url: string;
  /** Prism's process id (for measurements such as its memory). */
  pid: number;
  stop(): Promise<void>;
}

/** Starts Prism 5.14.2 on one spec (one Prism instance serves one document) and waits until it listens. */
export function startMock(options: MockOptions): Promise<RunningMock> {
  const host = options.host ?? "127.0.0.1";
  const child = spawn(
    process.execPath,
    [prismBin, "mock", `openapi/${options.version}.yaml`, "--port", String(options.port), "--host", host],
    { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FORCE_COLOR: "0" } },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`Prism ${options.version} did not start in time`)), options.startTimeoutMs ?? 60_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill("SIGTERM");
      reject(error);
    };
    child.once("exit", (code) => fail(new Error(`Prism ${options.version} exited with code ${code}`)));
    forEachLine(child, (line) => {
      options.onLog?.(line);
      if (!line.includes("Prism is listening")) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolve({ version: options.version, url: `http://${host}:${options.port}`, pid: child.pid!, stop: () => stopChild(child) });
    });
  });
}

function forEachLine(child: ChildProcess, onLine: (line: string) => void) {
  for (const stream of [child.stdout, child.stderr]) {
    let pending = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      const lines = (pending + chunk).split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) onLine(stripAnsi(line));
    });
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, "");
}
