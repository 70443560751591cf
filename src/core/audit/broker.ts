/**
 * The audit stage of the pipeline. With no device enabled it records nothing. With one or more,
 * every request and response must be written by at least one device, or AuditFailedError is
 * thrown: the pipeline then refuses the request before the backend runs, or withholds the
 * response. It waits only for the first device that succeeds, so a slow or failing device never
 * delays the answer while a healthy one keeps serving.
 */
import { AuditFailedError } from "../../errors.js";
import type { CoreResponse, LogicalRequest, LogicalResponse } from "../../logical/types.js";
import type { Clock } from "../../util/clock.js";
import type { AuditPort } from "../pipeline/deps.js";
import { auditRequest, requestAuth, requestEntry, responseEntry } from "./entry.js";
import { type ExemptKeys, NO_EXEMPT_KEYS } from "./hash-entry.js";
import type { AuditRegistry } from "./registry.js";
import type { AuditAuth, AuditEntry, AuditRequest } from "./types.js";

/** Status paths Vault answers outside its audited request handling (served even while sealed). */
const NOT_AUDITED = new Set(["sys/init", "sys/seal-status", "sys/unseal", "sys/health", "sys/leader"]);

export interface MountAuditKeys {
  audit_non_hmac_request_keys?: string[];
  audit_non_hmac_response_keys?: string[];
}

export interface BrokerDeps {
  registry: AuditRegistry;
  isSealed(): boolean;
  clock: Clock;
  /** The audit settings of the mount with this accessor. */
  mountConfig(accessor: string): MountAuditKeys | undefined;
}

export class AuditBroker implements AuditPort {
  /** The request block is built once and shared by the request and response lines. */
  private readonly built = new WeakMap<LogicalRequest, AuditRequest>();
  /** Likewise the caller's auth block of an allowed request. */
  private readonly auths = new WeakMap<LogicalRequest, AuditAuth | undefined>();

  constructor(private readonly deps: BrokerDeps) {}

  async logRequest(req: LogicalRequest, error?: Error): Promise<void> {
    if (!this.records(req)) return;
    const auth = error ? requestAuth(req, false) : this.authBlock(req);
    const entry = requestEntry(req, this.time(), error, this.requestBlock(req), auth);
    await this.dispatch(entry, this.exempt(req));
  }

  async logResponse(
    req: LogicalRequest,
    _res: LogicalResponse | null,
    envelope: unknown,
    error?: Error,
  ): Promise<void> {
    if (!this.records(req)) return;
    const entry = responseEntry(
      req,
      (envelope as CoreResponse | null) ?? null,
      this.time(),
      error,
      this.requestBlock(req),
      this.authBlock(req),
    );
    await this.dispatch(entry, this.exempt(req));
  }

  private records(req: LogicalRequest): boolean {
    if (NOT_AUDITED.has(req.path)) return false;
    const registry = this.deps.registry;
    // Between the barrier opening and the device table being read nothing may pass unrecorded:
    // the request is refused (dispatch finds no device). Once sealed again, the devices are
    // closed and only the reply to the request that sealed is still on its way.
    if (!registry.isLoaded) return !this.deps.isSealed();
    return registry.enabled;
  }

  private async dispatch(entry: AuditEntry, exempt: ExemptKeys): Promise<void> {
    const devices = this.deps.registry.active();
    if (devices.length === 0) throw new AuditFailedError();
    try {
      await Promise.any(devices.map((d) => d.log(entry, exempt)));
    } catch {
      throw new AuditFailedError();
    }
  }

  private requestBlock(req: LogicalRequest): AuditRequest {
    let block = this.built.get(req);
    if (!block) {
      block = auditRequest(req);
      this.built.set(req, block);
    }
    return block;
  }

  private authBlock(req: LogicalRequest): AuditAuth | undefined {
    if (this.auths.has(req)) return this.auths.get(req);
    const block = requestAuth(req, true);
    this.auths.set(req, block);
    return block;
  }

  private exempt(req: LogicalRequest): ExemptKeys {
    const config = req.mount ? this.deps.mountConfig(req.mount.accessor) : undefined;
    if (
      !config ||
      (!config.audit_non_hmac_request_keys?.length && !config.audit_non_hmac_response_keys?.length)
    ) {
      return NO_EXEMPT_KEYS;
    }
    return {
      request: new Set(config.audit_non_hmac_request_keys ?? []),
      response: new Set(config.audit_non_hmac_response_keys ?? []),
    };
  }

  private time(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }
}
