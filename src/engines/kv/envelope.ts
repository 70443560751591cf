/**
 * KV v2 answers some requests with a 404 that still carries Vault's full response envelope
 * (deleted or destroyed versions, v1-style paths): clients read the metadata or warning from it.
 */
import type { LogicalRequest, LogicalResponse } from "../../logical/types.js";

export function notFoundEnvelope(
  req: LogicalRequest,
  data: Record<string, unknown> | null,
  warnings: string[] | null = null,
): LogicalResponse {
  return {
    raw: {
      status: 404,
      body: {
        request_id: req.id,
        lease_id: "",
        renewable: false,
        lease_duration: 0,
        data,
        wrap_info: null,
        warnings,
        auth: null,
        mount_type: "kv",
      },
    },
  };
}
