import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

export const ROOT = new URL("..", import.meta.url).pathname;

export interface Served {
  url: string;
  pid: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts a Node server script and resolves with the URL it prints ("listening on http://..."). */
export function startNode(script: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<Served> {
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", script], {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match?.[1]) {
        resolve({
          url: match[1],
          pid: child.pid!,
          child,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once("exit", () => done());
              child.kill("SIGTERM");
            }),
        });
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}:\n${output}`)));
  });
}

/** Runs a script to completion and returns its last stdout line parsed as JSON. */
export function runJson<T>(script: string, arg: unknown, env: Record<string, string> = {}): Promise<T> {
  const child = spawn(process.execPath, ["--import", "tsx", script, JSON.stringify(arg)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => {
      const last = out.trim().split("\n").at(-1) ?? "";
      if (code !== 0) return reject(new Error(`${script} exited with ${code}: ${out}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} printed no JSON: ${out}`));
      }
    });
  });
}

const CLOCK_TICKS = 100; // USER_HZ on Linux
const PAGE_SIZE = 4096;

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}

export function rssBytes(pid: number): number {
  const statm = readFileSync(`/proc/${pid}/statm`, "utf8").split(" ");
  return Number(statm[1]) * PAGE_SIZE;
}

/** Samples a process's CPU use and resident memory until stopped. */
export function sample(pid: number) {
  const startTicks = cpuTicks(pid);
  const startTime = performance.now();
  let peakRss = rssBytes(pid);
  const timer = setInterval(() => {
    try {
      peakRss = Math.max(peakRss, rssBytes(pid));
    } catch {
      // process gone
    }
  }, 100);
  return () => {
    clearInterval(timer);
    const seconds = (performance.now() - startTime) / 1000;
    const cpu = (cpuTicks(pid) - startTicks) / CLOCK_TICKS / seconds;
    return { cpuPercent: cpu * 100, peakRssMb: peakRss / 1024 / 1024 };
  };
}
