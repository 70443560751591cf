/**
 * Response wrapping: a response is stored in the cubbyhole of a new single-use token that holds
 * only the `response-wrapping` policy; the client gets the token (wrap_info) instead.
 */

import { cubbyholePrefix } from "../engines/cubbyhole/index.js";
import { InvalidRequestError } from "../errors.js";
import { field } from "../logical/fields.js";
import { definePath, type PathDef } from "../logical/framework.js";
import { encodeJSON } from "../logical/storage-view.js";
import type { CoreResponse, LogicalRequest, StorageView, WrapInfo } from "../logical/types.js";
import { parseWireResponse, toWireResponse } from "../logical/wire-response.js";
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

/** `cubbyhole/response` of a wrapping token, as in Vault: the wrapped response as JSON text. */
interface StoredResponse {
  response: string;
}

/** `cubbyhole/wrapinfo`: what sys/wrapping/lookup tells (not readable with the token itself). */
interface StoredWrapInfo {
  creation_time: string;
  creation_ttl: number;
  creation_path: string;
  wrapped_accessor?: string;
}

/** Before the Vault layout: one record under "response" with the response as an object. */
interface LegacyStoredWrap extends StoredWrapInfo {
  response: CoreResponse;
}

interface LoadedWrap {
  info: StoredWrapInfo;
  /** The wrapped response as JSON text, exactly as stored. */
  text: string;
}

const INVALID = "wrapping token is not valid or does not exist";
const RESPONSE_KEY = "response";
const WRAPINFO_KEY = "wrapinfo";

export class WrappingService implements WrapPort {
  constructor(
    private readonly deps: { tokens: WrappingTokenPort; cubbyhole: () => StorageView; clock: Clock },
  ) {}

  /** Wraps `body` (its requestId is the wrapped request's, which an unwrap shows, as Vault's). */
  async wrap(
    body: CoreResponse,
    ttl: number,
    creationPath: string,
    wrappedAccessor?: string,
  ): Promise<WrapInfo> {
    return this.store(JSON.stringify(toWireResponse(body)), ttl, creationPath, wrappedAccessor);
  }

  private async store(
    text: string,
    ttl: number,
    creationPath: string,
    wrappedAccessor: string | undefined,
  ): Promise<WrapInfo> {
    const { token, accessor } = await this.deps.tokens.createWrappingToken(ttl, creationPath);
    const creationTime = new Date(this.deps.clock.now()).toISOString();
    const info: StoredWrapInfo = {
      creation_time: creationTime,
      creation_ttl: ttl,
      creation_path: creationPath,
    };
    if (wrappedAccessor) info.wrapped_accessor = wrappedAccessor;
    const response: StoredResponse = { response: text };
    await this.deps
      .cubbyhole()
      .sub(cubbyholePrefix(accessor))
      .transaction([
        { type: "put", key: RESPONSE_KEY, value: encodeJSON(response) },
        { type: "put", key: WRAPINFO_KEY, value: encodeJSON(info) },
      ]);
    const wrapInfo: WrapInfo = {
      token,
      accessor,
      ttl,
      creation_time: creationTime,
      creation_path: creationPath,
    };
    if (wrappedAccessor) wrapInfo.wrapped_accessor = wrappedAccessor;
    return wrapInfo;
  }

  private async load(raw: string, mode: "peek" | "consume" | "alreadyConsumed"): Promise<LoadedWrap> {
    const t = await this.deps.tokens.resolveWrappingToken(raw, mode);
    if (!t) throw new InvalidRequestError(INVALID);
    const view = this.deps.cubbyhole().sub(cubbyholePrefix(t.accessor));
    const stored = await view.getJSON<StoredResponse | LegacyStoredWrap>(RESPONSE_KEY);
    if (!stored) throw new InvalidRequestError(INVALID);
    if (typeof stored.response !== "string") {
      // Wrapped by an earlier cofre: still unwraps, with the response in the wire format.
      const { response, ...info } = stored as LegacyStoredWrap;
      return { info, text: JSON.stringify(toWireResponse(response)) };
    }
    const info = await view.getJSON<StoredWrapInfo>(WRAPINFO_KEY);
    if (!info) throw new InvalidRequestError(INVALID);
    return { info, text: stored.response };
  }

  /** Returns the wrapped response once; the wrapping token dies. */
  async unwrap(raw: string, ownToken: boolean): Promise<CoreResponse> {
    const stored = await this.load(raw, ownToken ? "alreadyConsumed" : "consume");
    await this.deps.tokens.revokeRaw(raw);
    const response = parseWireResponse(stored.text);
    if (!response) throw new Error("a stored wrapped response is not a response");
    return response;
  }

  async lookup(raw: string): Promise<Record<string, unknown>> {
    const { info } = await this.load(raw, "peek");
    return {
      creation_path: info.creation_path,
      creation_time: info.creation_time,
      creation_ttl: info.creation_ttl,
    };
  }

  /** A new token for the same stored response (its text unchanged), with the same TTL and path. */
  async rewrap(raw: string, ownToken: boolean): Promise<WrapInfo> {
    const { info, text } = await this.load(raw, ownToken ? "alreadyConsumed" : "consume");
    await this.deps.tokens.revokeRaw(raw);
    return this.store(text, info.creation_ttl, info.creation_path, info.wrapped_accessor);
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
