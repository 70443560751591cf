/**
 * batch_input: items are read and checked one by one, each item's failure becomes that item's
 * `error` and the others are still done. As in Vault, encrypt and decrypt answer 400 (or the
 * caller's partial_failure_response_code when some items succeeded) with the results in the body.
 */
import { CofreError, InvalidRequestError } from "../../errors.js";
import type { LogicalRequest, LogicalResponse } from "../../logical/types.js";

export type BatchItem = Readonly<Record<string, unknown>>;

/** The batch items, or null when the request has no batch_input. */
export function readBatch(raw: unknown): BatchItem[] | null {
  if (raw === undefined || raw === null) return null;
  if (!Array.isArray(raw)) throw new InvalidRequestError("batch_input must be a list of objects");
  if (raw.length === 0) throw new InvalidRequestError("missing batch input to process");
  raw.forEach((item, i) => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      throw new InvalidRequestError(`[${i}] expected a map`);
    }
  });
  return raw as BatchItem[];
}

/** A string field of an item ("" when absent); a 400 for the whole request when of another type. */
export function itemString(item: BatchItem, i: number, field: string): string {
  const v = item[field];
  if (v === undefined || v === null) return "";
  if (typeof v !== "string") throw new InvalidRequestError(`'[${i}].${field}' expected type 'string'`);
  return v;
}

export function hasField(item: BatchItem, field: string): boolean {
  return item[field] !== undefined && item[field] !== null;
}

/** An integer field of an item (0 when absent). */
export function itemInt(item: BatchItem, i: number, field: string): number {
  const v = item[field];
  if (v === undefined || v === null || v === "") return 0;
  const n = typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== "number" || !Number.isSafeInteger(n)) {
    throw new InvalidRequestError(`'[${i}].${field}' expected type 'int'`);
  }
  return n;
}

export type ItemOutcome<T> = { ok: true; value: T } | { ok: false; error: string };

/** Runs `fn` on each item; a CofreError 4xx becomes that item's error, anything else fails all. */
export async function eachItem<T>(
  items: readonly BatchItem[],
  fn: (item: BatchItem, i: number) => T | Promise<T>,
): Promise<ItemOutcome<T>[]> {
  const out: ItemOutcome<T>[] = [];
  for (let i = 0; i < items.length; i++) {
    try {
      out.push({ ok: true, value: await fn(items[i]!, i) });
    } catch (err) {
      if (!(err instanceof CofreError) || err.code !== "invalid_request") throw err;
      out.push({ ok: false, error: err.message });
    }
  }
  return out;
}

/** The single-item form: its value, or its error as the request's 400. */
export function single<T>(outcome: ItemOutcome<T>): T {
  if (!outcome.ok) throw new InvalidRequestError(outcome.error);
  return outcome.value;
}

/** Vault's answer to an encrypt/decrypt batch: 400 with the results if any item failed. */
export function batchResponse(
  req: LogicalRequest,
  data: Record<string, unknown>,
  outcomes: readonly ItemOutcome<unknown>[],
  partialFailureCode: number | undefined,
  warnings: string[] = [],
): LogicalResponse {
  const failed = outcomes.some((o) => !o.ok);
  if (!failed) return { data, warnings };
  let status = 400;
  if (partialFailureCode !== undefined && outcomes.some((o) => o.ok)) {
    if (partialFailureCode >= 1 && partialFailureCode <= 599) status = partialFailureCode;
    else
      warnings.push(
        "invalid HTTP response code override from partial_failure_response_code, reverting to 400",
      );
  }
  return {
    raw: {
      status,
      body: {
        request_id: req.id,
        lease_id: "",
        renewable: false,
        lease_duration: 0,
        data,
        wrap_info: null,
        warnings: warnings.length > 0 ? warnings : null,
        auth: null,
        mount_type: req.mount?.type ?? "transit",
      },
    },
  };
}
