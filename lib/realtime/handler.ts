import type { z } from "zod";
import { ChatError } from "../chat/errors";
import { DRAIN_RETRY_MS, type Drain } from "../drain";
import { describeError, errorCode } from "../validation";
import type { Ack } from "./events";

/**
 * Wraps a socket event handler: parses the payload with its schema, runs the domain call, and
 * always answers the ack with `{ok:true,...}` or `{ok:false,error}`. Never throws into Socket.IO.
 * The call is counted in the instance's drain: once it is stopping, events get `busy` and those
 * already running finish (and are acknowledged) before the sockets close.
 */
export function withAck<S extends z.ZodType, R extends object>(
  drain: Pick<Drain, "enter">,
  event: string,
  schema: S,
  run: (input: z.output<S>) => R | Promise<R>,
) {
  return async (payload: unknown, ack: unknown): Promise<void> => {
    const reply = typeof ack === "function" ? (ack as (response: Ack<R>) => void) : () => {};
    const parsed = schema.safeParse(payload);
    if (!parsed.success) return reply({ ok: false, error: describeError(parsed.error), code: errorCode(parsed.error) });
    // Counted until the answer is written, not only until the work is done: the sockets close as
    // soon as nothing is counted, and an answer not yet written then would be lost.
    const leave = drain.enter();
    try {
      if (!leave) throw new ChatError("busy", "The server is restarting: try again in a moment", undefined, DRAIN_RETRY_MS);
      reply({ ok: true, ...(await run(parsed.data)) });
    } catch (error) {
      if (error instanceof ChatError) {
        return reply(
          error.retryAfterMs === undefined
            ? { ok: false, error: error.message, code: error.code }
            : { ok: false, error: error.message, code: error.code, retryAfterMs: error.retryAfterMs },
        );
      }
      console.error(`[realtime] ${event} failed`, error);
      reply({ ok: false, error: "Internal error", code: "internal" });
    } finally {
      leave?.();
    }
  };
}
