/** encrypt/, decrypt/, rewrap/ (each with batch_input) and datakey/. */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { InvalidRequestError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import type { LogicalResponse } from "../../../logical/types.js";
import { type BatchItem, batchResponse, eachItem, type ItemOutcome, readBatch, single } from "../batch.js";
import { checkContextsAgree, decryptItem, encryptItem, rewrapItem } from "../cipher-items.js";
import { encryptWith } from "../encryption.js";
import type { KeyStore } from "../key-store.js";
import { type KeyRing, newKeyRing } from "../keyring.js";
import { generateVersion } from "../material.js";
import { NAME, optionalBase64, requireKey } from "./common.js";

const NOT_FOUND = "encryption key not found";
const UPSERT_TYPES = new Set(["aes128-gcm96", "aes256-gcm96", "chacha20-poly1305"]);

const itemFields = {
  name: field.str(),
  context: field.str().optional(),
  key_version: field.int().optional(),
  nonce: field.str().optional(),
  associated_data: field.str().optional(),
  reference: field.str().optional(),
  batch_input: z.unknown().optional(),
  partial_failure_response_code: field.int().optional(),
};

type ItemFields = Record<string, unknown> & { batch_input?: unknown };

/** The batch items, or the request's own fields as the one item. */
function itemsOf(f: ItemFields, keys: string[]): { items: BatchItem[]; batch: boolean } {
  const batch = readBatch(f.batch_input);
  if (batch) return { items: batch, batch: true };
  return { items: [Object.fromEntries(keys.map((k) => [k, f[k]]))], batch: false };
}

/** batch_results entries: Vault's fields, `error` on failed items, `reference` always. */
function results<T>(
  items: readonly BatchItem[],
  outcomes: ItemOutcome<T>[],
  ok: (v: T) => Record<string, unknown>,
  failed: Record<string, unknown> = {},
): Record<string, unknown>[] {
  return outcomes.map((o, i) => {
    const reference = typeof items[i]!.reference === "string" ? items[i]!.reference : "";
    return o.ok ? { ...ok(o.value), reference } : { ...failed, error: o.error, reference };
  });
}

async function upsert(store: KeyStore, name: string, type: string, derived: boolean, convergent: boolean) {
  if (type.startsWith("ecdsa-"))
    throw new InvalidRequestError(`key type ${type} not supported for this operation`);
  if (!UPSERT_TYPES.has(type)) throw new InvalidRequestError(`unknown key type ${type}`);
  if (convergent && !derived) {
    throw new InvalidRequestError(
      "convergent encryption requires derivation to be enabled, so context is required",
    );
  }
  return store.change(name, async (current) => {
    if (current) return { result: { ring: current, created: false } };
    const spec = {
      name,
      type: type as KeyRing["type"],
      derived,
      convergent,
      exportable: false,
      allowPlaintextBackup: false,
      autoRotatePeriod: 0,
    };
    const ring = newKeyRing(spec, await generateVersion(spec.type, store.now()));
    return { result: { ring, created: true }, ring };
  });
}

export function cryptoPaths(store: KeyStore): PathDef[] {
  return [
    definePath({
      pattern: `encrypt/${NAME}`,
      fields: {
        ...itemFields,
        plaintext: field.str().optional(),
        type: field.str().default("aes256-gcm96"),
        convergent_encryption: field.bool().default(false),
      },
      existenceCheck: async (_req, f) => (await store.get(f.name)) !== null,
      operations: {
        update: async (req, f) => {
          const { items, batch } = itemsOf(f, [
            "plaintext",
            "context",
            "key_version",
            "associated_data",
            "nonce",
          ]);
          const contextSet = checkContextsAgree(items);
          const warnings: string[] = [];
          let ring = await store.get(f.name);
          if (!ring && req.operation === "create") {
            const up = await upsert(store, f.name, f.type, contextSet, f.convergent_encryption);
            ring = up.ring;
            if (!up.created) {
              warnings.push(
                "Attempted creation of the key during the encrypt operation, but it was created beforehand",
              );
            }
          }
          if (!ring) throw new InvalidRequestError(NOT_FOUND);
          const r = ring;
          const outcomes = await eachItem(items, (item, i) => encryptItem(r, item, i));
          if (!batch) return { data: single(outcomes[0]!), warnings };
          const data = { batch_results: results(items, outcomes, (v) => v) };
          return batchResponse(req, data, outcomes, f.partial_failure_response_code, warnings);
        },
      },
      help: "Encrypt base64 plaintext (or a batch) with the named key; creates the key if allowed.",
    }),

    definePath({
      pattern: `decrypt/${NAME}`,
      fields: { ...itemFields, ciphertext: field.str().optional() },
      operations: {
        update: async (req, f) => {
          const { items, batch } = itemsOf(f, ["ciphertext", "context", "associated_data", "nonce"]);
          checkContextsAgree(items);
          const ring = await requireKey(store, f.name, NOT_FOUND);
          const outcomes = await eachItem(items, (item, i) => decryptItem(ring, item, i).toString("base64"));
          if (!batch) return { data: { plaintext: single(outcomes[0]!) } };
          const data = {
            batch_results: results(items, outcomes, (v) => ({ plaintext: v }), { plaintext: "" }),
          };
          return batchResponse(req, data, outcomes, f.partial_failure_response_code);
        },
      },
      help: "Decrypt a ciphertext (or a batch) made by the named key; the plaintext comes back base64.",
    }),

    definePath({
      pattern: `rewrap/${NAME}`,
      fields: { ...itemFields, ciphertext: field.str().optional() },
      operations: {
        update: async (_req, f) => {
          const { items, batch } = itemsOf(f, ["ciphertext", "context", "key_version"]);
          checkContextsAgree(items);
          const ring = await requireKey(store, f.name, NOT_FOUND);
          const outcomes = await eachItem(items, (item, i) => rewrapItem(ring, item, i));
          if (!batch) return { data: single(outcomes[0]!) };
          return { data: { batch_results: results(items, outcomes, (v) => v) } };
        },
      },
      help: "Decrypt and encrypt again with the latest (or given) key version, without showing the plaintext.",
    }),

    definePath({
      pattern: `datakey/(?<plaintext>[^/]+)/${NAME}`,
      fields: {
        name: field.str(),
        plaintext: field.str(),
        context: field.str().optional(),
        nonce: field.str().optional(),
        bits: field.int().default(256),
        key_version: field.int().default(0),
      },
      operations: { update: async (_req, f) => dataKey(store, f) },
      help: "Generate a data key encrypted by the named key (datakey/plaintext also returns it in the clear).",
    }),
  ];
}

async function dataKey(
  store: KeyStore,
  f: { name: string; plaintext: string; context?: string; nonce?: string; bits: number; key_version: number },
): Promise<LogicalResponse> {
  if (f.plaintext !== "plaintext" && f.plaintext !== "wrapped") {
    throw new InvalidRequestError("Invalid path, must be 'plaintext' or 'wrapped'");
  }
  const context = optionalBase64(f.context, "context");
  if (optionalBase64(f.nonce, "nonce")) throw new InvalidRequestError("nonce provided when not allowed");
  const ring = await requireKey(store, f.name, NOT_FOUND);
  if (f.bits !== 128 && f.bits !== 256 && f.bits !== 512) throw new InvalidRequestError("invalid bit length");
  const key = randomBytes(f.bits / 8);
  const out = encryptWith(ring, f.key_version, key, { context, aad: null });
  const data: Record<string, unknown> = { ciphertext: out.ciphertext, key_version: out.version };
  if (f.plaintext === "plaintext") data.plaintext = key.toString("base64");
  return { data };
}
