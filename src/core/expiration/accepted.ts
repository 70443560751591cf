import type { LogicalRequest, LogicalResponse } from "../../logical/types.js";

/**
 * A 202 Accepted answer for queued work. With warnings the body is a full envelope (Vault's
 * RespondWithStatusCode); without, the body is null, meaning an empty body.
 */
export function acceptedResponse(
  req: LogicalRequest,
  warnings: string[],
  mountType: string,
): LogicalResponse {
  if (warnings.length === 0) return { raw: { status: 202, body: null } };
  return {
    raw: {
      status: 202,
      body: {
        request_id: req.id,
        lease_id: "",
        renewable: false,
        lease_duration: 0,
        data: null,
        wrap_info: null,
        warnings,
        auth: null,
        mount_type: mountType,
      },
    },
  };
}

export const TIDY_STARTED_WARNING =
  "Tidy operation successfully started. Any information from the operation will be printed to the server logs.";
