/** First-load JavaScript of a page: every script it references, gzipped, summed. */
import { gzipSync } from "node:zlib";

export async function firstLoadJs(url: string, path: string, cookie?: string): Promise<{ files: number; gzipKb: number; rawKb: number }> {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  const html = await (await fetch(`${url}${path}`, { headers })).text();
  // noModule scripts (legacy polyfills) are never fetched by the browsers that run the app.
  const sources = [...html.matchAll(/<script([^>]*)\ssrc="([^"]+)"([^>]*)>/g)]
    .filter((m) => !/nomodule/i.test(`${m[1]}${m[3]}`))
    .map((m) => m[2]!)
    .filter((src) => src.startsWith("/"));
  let gzip = 0;
  let raw = 0;
  for (const src of new Set(sources)) {
    const body = Buffer.from(await (await fetch(`${url}${src}`)).arrayBuffer());
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  return { files: new Set(sources).size, gzipKb: gzip / 1024, rawKb: raw / 1024 };
}
