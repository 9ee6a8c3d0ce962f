#!/usr/bin/env node
// Fails when a production dependency has a known high or critical advisory.
// 1. `npm audit --omit=dev`, when the registry's audit endpoint answers.
// 2. Always: every installed copy of the packages below is at or above the release that fixed
//    their known advisories (a floor that still holds when the audit endpoint is unreachable).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const FLOORS = {
  // CVE-2025-55182/66478 (RSC remote code execution), CVE-2025-55183/55184 (source exposure, DoS)
  next: "16.0.10",
  // GHSA-5jpx-9hw9-2fx4 (email sent to an attacker-controlled address)
  "next-auth": "5.0.0-beta.30",
  // CVE-2024-38355 (unhandled "error" event crashes the server)
  "socket.io": "4.6.2",
  // CVE-2023-31125 (crash on a malformed packet); 6.6 moved to a fixed ws
  "engine.io": "6.6.0",
  // CVE-2024-37890 (DoS with many headers)
  ws: "8.17.1",
  // CVE-2024-47764 (cookie name/path injection), used by Auth.js
  cookie: "0.7.0",
};

function parse(version) {
  const [core, pre = ""] = version.split("-", 2);
  return { nums: core.split(".").map(Number), pre };
}

function compare(a, b) {
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if ((x.nums[i] ?? 0) !== (y.nums[i] ?? 0)) return (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
  if (x.pre === y.pre) return 0;
  if (!x.pre) return 1; // a release is above its pre-releases
  if (!y.pre) return -1;
  const [xn, yn] = [Number(x.pre.split(".").pop()), Number(y.pre.split(".").pop())];
  return Number.isNaN(xn) || Number.isNaN(yn) ? x.pre.localeCompare(y.pre) : xn - yn;
}

/** Every installed copy of each watched package, nested ones too. */
function installed(dir, found = []) {
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const full = path.join(dir, entry.name);
    if (entry.name.startsWith("@")) {
      installed(full, found);
      continue;
    }
    const manifest = path.join(full, "package.json");
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, "utf8"));
      if (name in FLOORS) found.push({ name, version, where: path.relative(process.cwd(), full) });
    }
    installed(path.join(full, "node_modules"), found);
  }
  return found;
}

let failed = false;

try {
  const out = execFileSync("npm", ["audit", "--omit=dev", "--json"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  report(JSON.parse(out));
} catch (error) {
  // npm audit exits non-zero both for findings and for an unreachable endpoint.
  let parsed = null;
  try {
    parsed = JSON.parse(error.stdout ?? "");
  } catch {
    parsed = null;
  }
  if (parsed?.metadata?.vulnerabilities) report(parsed);
  else console.warn("advisories: npm audit endpoint unavailable here; relying on the version floors below");
}

function report(audit) {
  const v = audit.metadata.vulnerabilities;
  console.log(`advisories: npm audit --omit=dev: ${v.critical} critical, ${v.high} high, ${v.moderate} moderate, ${v.low} low`);
  if (v.critical + v.high > 0) {
    failed = true;
    for (const [name, item] of Object.entries(audit.vulnerabilities ?? {})) {
      if (item.severity === "high" || item.severity === "critical") console.error(`  ${item.severity}: ${name} ${item.range}`);
    }
  }
}

const copies = installed(path.resolve("node_modules"));
for (const name of Object.keys(FLOORS)) {
  const mine = copies.filter((c) => c.name === name);
  for (const copy of mine) {
    if (compare(copy.version, FLOORS[name]) < 0) {
      failed = true;
      console.error(`advisories: ${copy.where} is ${copy.version}, below the fixed ${FLOORS[name]}`);
    }
  }
  if (mine.length) console.log(`advisories: ${name} ${[...new Set(mine.map((c) => c.version))].join(", ")} >= ${FLOORS[name]}`);
}

if (failed) {
  console.error("advisories: FAILED");
  process.exit(1);
}
console.log("advisories: ok");
