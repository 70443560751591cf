import { randomUUID } from "node:crypto";
import type { LogicalRequest, Operation } from "../../src/logical/types.js";

/** Builds a LogicalRequest for backend-level tests. */
export function makeRequest(
  operation: Operation,
  path: string,
  data: Record<string, unknown> = {},
  extra: Partial<LogicalRequest> = {},
): LogicalRequest {
  return {
    id: randomUUID(),
    operation,
    path,
    data,
    headers: {},
    clientToken: "",
    connection: { remoteAddress: "127.0.0.1", remotePort: 50000, tls: false },
    wrapTTL: 0,
    ...extra,
  };
}
