/** A test server with transit mounted at transit/, and short forms for its requests. */

import type { ManualClock } from "../../../src/util/clock.js";
import { startTestServer, type TestResponse, type TestServer } from "../../helpers/server.js";

export interface TransitServer {
  server: TestServer;
  /** Request as root. */
  call(method: string, path: string, body?: unknown): Promise<TestResponse>;
  /** Request as root that must answer `status` (default 200); returns the body. */
  ok(method: string, path: string, body?: unknown, status?: number): Promise<TestResponse["body"]>;
  close(): Promise<void>;
}

export async function startTransit(opts: { clock?: ManualClock } = {}): Promise<TransitServer> {
  const server = await startTestServer({ kv: false, clock: opts.clock });
  const call = (method: string, path: string, body?: unknown) =>
    server.request(method, path, { token: server.rootToken, body });
  const mounted = await call("POST", "sys/mounts/transit", { type: "transit" });
  if (mounted.status !== 204) throw new Error(`mounting transit failed: ${mounted.status} ${mounted.text}`);
  return {
    server,
    call,
    async ok(method, path, body, status = 200) {
      const r = await call(method, path, body);
      if (r.status !== status)
        throw new Error(`${method} ${path}: expected ${status}, got ${r.status} ${r.text}`);
      return r.body;
    },
    close: () => server.close(),
  };
}

export const b64 = (text: string | Uint8Array) => Buffer.from(text).toString("base64");
export const unb64 = (text: string) => Buffer.from(text, "base64");

/** The error messages of a 4xx answer. */
export function errorsOf(r: TestResponse): string[] {
  return r.body?.errors ?? [];
}
