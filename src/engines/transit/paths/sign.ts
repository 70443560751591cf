/** sign/, verify/ (signatures and HMACs) and hmac/, each with batch_input. */
import { z } from "zod";
import { InvalidRequestError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import type { LogicalResponse } from "../../../logical/types.js";
import { decodeBase64 } from "../b64.js";
import {
  type BatchItem,
  eachItem,
  hasField,
  type ItemOutcome,
  itemString,
  readBatch,
  single,
} from "../batch.js";
import { requireDigestAlgorithm } from "../hashes.js";
import { hmacVersion, hmacWith, verifyHmacWith } from "../hmac.js";
import type { KeyStore } from "../key-store.js";
import { supports } from "../key-types.js";
import type { KeyRing } from "../keyring.js";
import { parseSignOptions } from "../sign-options.js";
import { signWith, verifyWith } from "../signing.js";
import { NAME, requireKey } from "./common.js";

const ALGORITHM = "(?:/(?<urlalgorithm>[^/]+))?";

const signFields = {
  name: field.str(),
  urlalgorithm: field.str().optional(),
  input: field.str().optional(),
  context: field.str().optional(),
  hash_algorithm: field.str().optional(),
  algorithm: field.str().optional(),
  key_version: field.int().default(0),
  prehashed: field.bool().default(false),
  signature_algorithm: field.str().default(""),
  marshaling_algorithm: field.str().default("asn1"),
  salt_length: field.str().default("auto"),
  batch_input: z.unknown().optional(),
};

function input(item: BatchItem, i: number, required: string): Buffer {
  if (!hasField(item, "input")) throw new InvalidRequestError(required);
  try {
    return decodeBase64(itemString(item, i, "input"));
  } catch (err) {
    throw new InvalidRequestError(`unable to decode input as base64: ${(err as Error).message}`);
  }
}

function context(item: BatchItem, i: number): Buffer | null {
  const text = itemString(item, i, "context");
  if (text === "") return null;
  try {
    return decodeBase64(text);
  } catch {
    throw new InvalidRequestError("failed to base64-decode context");
  }
}

function withReference<T>(
  items: readonly BatchItem[],
  outcomes: ItemOutcome<T>[],
  ok: (v: T) => object,
  failed = {},
) {
  return outcomes.map((o, i) => {
    const reference = itemString(items[i]!, i, "reference");
    return o.ok ? { ...ok(o.value), reference } : { ...failed, error: o.error, reference };
  });
}

function hmacAlgorithm(f: { urlalgorithm?: string; algorithm?: string }) {
  return requireDigestAlgorithm(f.urlalgorithm || f.algorithm || "sha2-256");
}

/** verify/ with `hmac` instead of `signature`. */
async function verifyHmacs(
  ring: KeyRing,
  f: { urlalgorithm?: string; algorithm?: string },
  items: BatchItem[],
) {
  const hash = hmacAlgorithm(f);
  return eachItem(items, (item, i) => {
    const data = input(item, i, "missing input");
    return verifyHmacWith(ring, hash, data, itemString(item, i, "hmac"));
  });
}

/** Which of signature / hmac the items carry (Vault's rules and messages). */
function verifyKind(items: readonly BatchItem[], batch: boolean): "signature" | "hmac" {
  const sig = items.some((x) => hasField(x, "signature"));
  const mac = items.some((x) => !hasField(x, "signature") && hasField(x, "hmac"));
  const missing = items.some((x) => !hasField(x, "signature") && !hasField(x, "hmac"));
  if (!batch && sig && items.some((x) => hasField(x, "hmac"))) {
    throw new InvalidRequestError("provide one of 'signature' or 'hmac'");
  }
  if (!batch && !sig && !mac)
    throw new InvalidRequestError("neither a 'signature' nor an 'hmac' were given to verify");
  if (sig && mac) {
    throw new InvalidRequestError(
      "elements of batch_input must all provide 'signature' or all provide 'hmac'",
    );
  }
  if (missing && sig) throw new InvalidRequestError("some elements of batch_input are missing 'signature'");
  if (missing && mac) throw new InvalidRequestError("some elements of batch_input are missing 'hmac'");
  if (missing) throw new InvalidRequestError("no batch_input elements have 'signature' or 'hmac'");
  return sig ? "signature" : "hmac";
}

export function signPaths(store: KeyStore): PathDef[] {
  return [
    definePath({
      pattern: `sign/${NAME}${ALGORITHM}`,
      fields: signFields,
      operations: {
        update: async (_req, f) => {
          const opts = parseSignOptions(f);
          const ring = await requireKey(store, f.name, "signing key not found");
          if (!supports.signing(ring.type))
            throw new InvalidRequestError(`key type ${ring.type} does not support signing`);
          const batch = readBatch(f.batch_input);
          const items = batch ?? [{ input: f.input ?? "", context: f.context }];
          const outcomes = await eachItem(items, (item, i) =>
            signWith(ring, f.key_version, input(item, i, "missing input"), context(item, i), opts),
          );
          if (!batch) {
            const s = single(outcomes[0]!);
            const data: Record<string, unknown> = { signature: s.signature, key_version: s.version };
            if (s.publicKey) data.public_key = s.publicKey.toString("base64");
            return { data };
          }
          const batchResults = withReference(
            items,
            outcomes,
            (s) => ({
              signature: s.signature,
              key_version: s.version,
              ...(s.publicKey ? { publickey: s.publicKey.toString("base64") } : {}),
            }),
            { key_version: 0 },
          );
          return { data: { batch_results: batchResults } };
        },
      },
      help: "Sign base64 input (or a batch) with the named key.",
    }),

    definePath({
      pattern: `verify/${NAME}${ALGORITHM}`,
      fields: { ...signFields, signature: field.str().optional(), hmac: field.str().optional() },
      operations: {
        update: async (_req, f): Promise<LogicalResponse> => {
          const batch = readBatch(f.batch_input);
          const given = { input: f.input ?? "", context: f.context, signature: f.signature, hmac: f.hmac };
          const items = batch ?? [given];
          const kind = verifyKind(items, batch !== null);
          let outcomes: ItemOutcome<boolean>[];
          if (kind === "hmac") {
            const ring = await requireKey(store, f.name, "encryption key not found");
            outcomes = await verifyHmacs(ring, f, items);
          } else {
            const opts = parseSignOptions(f);
            const ring = await requireKey(store, f.name, "signature verification key not found");
            if (!supports.signing(ring.type)) {
              throw new InvalidRequestError(`key type ${ring.type} does not support verification`);
            }
            outcomes = await eachItem(items, (item, i) =>
              verifyWith(
                ring,
                input(item, i, "missing input"),
                itemString(item, i, "signature"),
                context(item, i),
                opts,
              ),
            );
          }
          if (!batch) return { data: { valid: single(outcomes[0]!) } };
          return {
            data: { batch_results: withReference(items, outcomes, (valid) => ({ valid }), { valid: false }) },
          };
        },
      },
      help: "Verify a signature or an HMAC (or a batch) made with the named key.",
    }),

    definePath({
      pattern: `hmac/${NAME}${ALGORITHM}`,
      fields: {
        name: field.str(),
        urlalgorithm: field.str().optional(),
        algorithm: field.str().optional(),
        input: field.str().optional(),
        key_version: field.int().default(0),
        batch_input: z.unknown().optional(),
      },
      operations: {
        update: async (_req, f) => {
          const ring = await requireKey(store, f.name, "encryption key not found");
          const version = hmacVersion(ring, f.key_version);
          const hash = hmacAlgorithm(f);
          const batch = readBatch(f.batch_input);
          if (!batch && f.input === undefined) throw new InvalidRequestError("missing input for HMAC");
          const items = batch ?? [{ input: f.input }];
          const outcomes = await eachItem(items, (item, i) =>
            hmacWith(ring, version, hash, input(item, i, "missing input for HMAC")),
          );
          if (!batch) return { data: { hmac: single(outcomes[0]!) } };
          return { data: { batch_results: withReference(items, outcomes, (hmac) => ({ hmac })) } };
        },
      },
      help: "HMAC base64 input (or a batch) with the named key's HMAC key.",
    }),
  ];
}
