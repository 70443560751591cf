import type { LogicalRequest, LogicalResponse } from "../logical/types.js";
import type { AuditPort } from "./pipeline/deps.js";

/**
 * The audit stage while no audit device can be enabled yet: with no device enabled there is
 * nothing to record (Vault behaves the same). Audit devices arrive with the audit issue.
 */
export class NoAuditDevices implements AuditPort {
  async logRequest(_req: LogicalRequest, _error?: Error): Promise<void> {}
  async logResponse(
    _req: LogicalRequest,
    _res: LogicalResponse | null,
    _envelope: unknown,
    _error?: Error,
  ): Promise<void> {}
}
