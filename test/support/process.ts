import { execFile, spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { repoRoot } from "./spec.js";

const tsx = createRequire(import.meta.url).resolve("tsx/cli");

export interface ServerProcess {
  child: ChildProcess;
  output: () => string;
  /** Sends `signal` (SIGTERM by default) at once and resolves with the exit code (null when the signal killed it). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Starts a new process with the same environment (same port and database) once this one has exited, e.g. after a crash. */
  restart(): Promise<ServerProcess>;
}

/** Which script to run (with its arguments), the log text that says it listens, and options for its Node (e.g. `--cpu-prof`). */
export interface ServerScript {
  script: string;
  readyText: string;
  nodeArgs?: string[];
  args?: string[];
}

export const licensingServer: ServerScript = { script: "server/main.ts", readyText: "licensing server listening" };

/**
 * Starts `server/main.ts` (or another server script of the repo) as a real process and resolves once it listens. Node
 * loads tsx itself (`--import`), so the child IS the server: the tsx CLI would run it as a grandchild that a SIGKILL
 * of the child leaves running.
 */
export function startServerProcess(env: Record<string, string>, serverScript: ServerScript = licensingServer): Promise<ServerProcess> {
  const { script, readyText, nodeArgs = [], args = [] } = serverScript;
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", script, ...args], { cwd: repoRoot, env: { ...process.env, LOG_LEVEL: "info", ...env } });
  let output = "";
  // A server never outlives the test run, not even one whose test timed out before stopping it.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  child.once("exit", () => process.off("exit", killOnExit));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not start:\n${output}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!output.includes(readyText)) return;
      clearTimeout(timer);
      resolve({
        child,
        output: () => output,
        stop: (signal = "SIGTERM") =>
          new Promise((done) => {
            // Already gone: exited with a code, or killed (exitCode null, signalCode set), so no "exit" event follows.
            if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
            child.once("exit", (code) => done(code));
            child.kill(signal);
          }),
        restart: () => startServerProcess(env, serverScript),
      });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

/** Runs the admin CLI once against `databaseUrl`. */
export interface ScriptResult {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a script of the repo (through tsx) in a child process. Asynchronous on purpose: a blocking spawnSync would stall
 * the test's event loop, so an in-process server could not answer the script, and HTTP keep-alive sockets could go
 * stale unnoticed and fail the next request with "other side closed".
 */
export function runScript(script: string, args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<ScriptResult> {
  return new Promise((resolve) => {
    const options = { cwd: repoRoot, encoding: "utf8" as const, env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 };
    execFile(process.execPath, [tsx, script, ...args], options, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ status, stdout: stdout.trim(), stderr });
    });
  });
}

/** The admin CLI (`npm run admin`) on a database. */
export function runAdmin(args: string[], databaseUrl: string): Promise<ScriptResult> {
  return runScript("server/admin.ts", args, { DATABASE_URL: databaseUrl });
}
