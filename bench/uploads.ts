/**
 * Files: `count` uploads of `sizeMb` each, all at once, streamed from this process (nothing held
 * whole here either) to POST /api/conversations/:id/uploads, while the server's resident memory is
 * sampled every 20 ms. Prints the wall time, the throughput and the peak growth of the server's RSS.
 */
import { rssBytes } from "./processes";

const args = JSON.parse(process.argv[2] ?? "{}") as { url: string; cookie: string; conversationId: number; serverPid: number; count: number; sizeMb: number };
const CHUNK = Buffer.alloc(64 * 1024, 0x41);
const boundary = "----bench-upload";

function body(bytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new ReadableStream({
    start(controller) {
      controller.enqueue(head);
    },
    pull(controller) {
      if (sent >= bytes) {
        controller.enqueue(tail);
        controller.close();
        return;
      }
      const next = Math.min(CHUNK.length, bytes - sent);
      controller.enqueue(next === CHUNK.length ? CHUNK : CHUNK.subarray(0, next));
      sent += next;
    },
  });
}

async function main() {
  const bytes = Math.floor(args.sizeMb * 1024 * 1024) - 20;
  // Settle first: what the server holds before is the baseline.
  global.gc?.();
  const baseline = rssBytes(args.serverPid);
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(args.serverPid))), 20);
  const started = performance.now();
  const statuses = await Promise.all(
    Array.from({ length: args.count }, async () => {
      const response = await fetch(`${args.url}/api/conversations/${args.conversationId}/uploads`, {
        method: "POST",
        headers: { cookie: args.cookie, "content-type": `multipart/form-data; boundary=${boundary}` },
        body: body(bytes),
        duplex: "half",
      } as RequestInit);
      await response.arrayBuffer();
      return response.status;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, rssBytes(args.serverPid));
  const ok = statuses.filter((s) => s === 201).length;
  console.log(
    JSON.stringify({
      ok,
      failed: statuses.length - ok,
      seconds,
      mbPerSecond: (ok * args.sizeMb) / seconds,
      baselineMb: baseline / 1024 / 1024,
      peakGrowthMb: (peak - baseline) / 1024 / 1024,
    }),
  );
}

void main();
