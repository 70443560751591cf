/**
 * Response wrapping: a response is stored in the cubbyhole of a new single-use token that holds
 * only the `response-wrapping` policy; the client gets the token (wrap_info) instead.
 */

import { cubbyholePrefix } from "../engines/cubbyhole/index.js";
import { InvalidRequestError } from "../errors.js";
import { field } from "../logical/fields.js";
import { definePath, type PathDef } from "../logical/framework.js";
import type { CoreResponse, LogicalRequest, StorageView, WrapInfo } from "../logical/types.js";
import type { Clock } from "../util/clock.js";
import type { WrapPort } from "./pipeline/deps.js";

export interface WrappingTokenPort {
  createWrappingToken(ttl: number, creationPath: string): Promise<{ token: string; accessor: string }>;
  /**
   * The accessor of a live wrapping token, or null when it is not one. With `consume`, its single
   * use is taken atomically (null if already taken); `alreadyConsumed` accepts a token whose use
   * the pipeline took for this very request (it was the request's own token).
   */
  resolveWrappingToken(
    raw: string,
    mode: "peek" | "consume" | "alreadyConsumed",
  ): Promise<{ accessor: string } | null>;
  revokeRaw(raw: string): Promise<void>;
}

interface StoredWrap {
  response: CoreResponse;
  creation_time: string;
  creation_ttl: number;
  creation_path: string;
  wrapped_accessor?: string;
}

const INVALID = "wrapping token is not valid or does not exist";

export class WrappingService implements WrapPort {
  constructor(
    private readonly deps: { tokens: WrappingTokenPort; cubbyhole: () => StorageView; clock: Clock },
  ) {}

  async wrap(body: unknown, ttl: number, creationPath: string, wrappedAccessor?: string): Promise<WrapInfo> {
    const { token, accessor } = await this.deps.tokens.createWrappingToken(ttl, creationPath);
    const creationTime = new Date(this.deps.clock.now()).toISOString();
    const stored: StoredWrap = {
      response: body as CoreResponse,
      creation_time: creationTime,
      creation_ttl: ttl,
      creation_path: creationPath,
    };
    if (wrappedAccessor) stored.wrapped_accessor = wrappedAccessor;
    await this.deps.cubbyhole().sub(cubbyholePrefix(accessor)).putJSON("response", stored);
    const info: WrapInfo = { token, accessor, ttl, creation_time: creationTime, creation_path: creationPath };
    if (wrappedAccessor) info.wrapped_accessor = wrappedAccessor;
    return info;
  }

  private async load(raw: string, mode: "peek" | "consume" | "alreadyConsumed"): Promise<StoredWrap> {
    const t = await this.deps.tokens.resolveWrappingToken(raw, mode);
    if (!t) throw new InvalidRequestError(INVALID);
    const stored = await this.deps
      .cubbyhole()
      .sub(cubbyholePrefix(t.accessor))
      .getJSON<StoredWrap>("response");
    if (!stored) throw new InvalidRequestError(INVALID);
    return stored;
  }

  /** Returns the wrapped response once; the wrapping token dies. */
  async unwrap(raw: string, ownToken: boolean): Promise<CoreResponse> {
    const stored = await this.load(raw, ownToken ? "alreadyConsumed" : "consume");
    await this.deps.tokens.revokeRaw(raw);
    return stored.response;
  }

  async lookup(raw: string): Promise<Record<string, unknown>> {
    const s = await this.load(raw, "peek");
    return { creation_path: s.creation_path, creation_time: s.creation_time, creation_ttl: s.creation_ttl };
  }

  async rewrap(raw: string, ownToken: boolean): Promise<WrapInfo> {
    const s = await this.load(raw, ownToken ? "alreadyConsumed" : "consume");
    await this.deps.tokens.revokeRaw(raw);
    return this.wrap(s.response, s.creation_ttl, s.creation_path, s.wrapped_accessor);
  }
}

function tokenOf(req: LogicalRequest, bodyToken: string | undefined): { raw: string; own: boolean } {
  if (bodyToken) return { raw: bodyToken, own: bodyToken === req.clientToken };
  if (req.clientToken) return { raw: req.clientToken, own: true };
  throw new InvalidRequestError("token not provided");
}

function wrapOnly(req: LogicalRequest, wrapInfo: WrapInfo): { wrapped: CoreResponse } {
  return {
    wrapped: {
      requestId: req.id,
      leaseId: "",
      renewable: false,
      leaseDuration: 0,
      data: null,
      warnings: null,
      auth: null,
      wrapInfo,
      mountType: "",
    },
  };
}

export function wrappingPaths(svc: WrappingService): { paths: PathDef[]; unauthenticated: string[] } {
  return {
    unauthenticated: ["wrapping/lookup"],
    paths: [
      definePath({
        pattern: "wrapping/wrap",
        operations: {
          update: async (req) => {
            if (req.wrapTTL <= 0)
              throw new InvalidRequestError("endpoint requires response wrapping to be used");
            return { data: { ...req.data } };
          },
        },
        help: "Wrap arbitrary data in a single-use token.",
      }),
      definePath({
        pattern: "wrapping/unwrap",
        fields: { token: field.str().optional() },
        operations: {
          update: async (req, f) => {
            const t = tokenOf(req, f.token);
            return { wrapped: await svc.unwrap(t.raw, t.own) };
          },
        },
        help: "Return a wrapped response; the wrapping token can be used once.",
      }),
      definePath({
        pattern: "wrapping/lookup",
        fields: { token: field.str().optional() },
        operations: {
          update: async (req, f) => ({ data: await svc.lookup(tokenOf(req, f.token).raw) }),
          read: async (req, f) => ({ data: await svc.lookup(tokenOf(req, f.token).raw) }),
        },
      }),
      definePath({
        pattern: "wrapping/rewrap",
        fields: { token: field.str().optional() },
        operations: {
          update: async (req, f) => {
            const t = tokenOf(req, f.token);
            return wrapOnly(req, await svc.rewrap(t.raw, t.own));
          },
        },
      }),
    ],
  };
}
