/** sys/tools/random and sys/tools/hash. */
import { createHash, randomBytes } from "node:crypto";
import { InvalidRequestError } from "../../errors.js";
import { field } from "../../logical/fields.js";
import { definePath, type PathDef } from "../../logical/framework.js";

const HASHES: Record<string, string> = {
  "sha2-224": "sha224",
  "sha2-256": "sha256",
  "sha2-384": "sha384",
  "sha2-512": "sha512",
  "sha3-224": "sha3-224",
  "sha3-256": "sha3-256",
  "sha3-384": "sha3-384",
  "sha3-512": "sha3-512",
};

function format(buf: Buffer, fmt: string): string {
  if (fmt === "hex") return buf.toString("hex");
  if (fmt === "base64") return buf.toString("base64");
  throw new InvalidRequestError(
    `unsupported encoding format "${fmt.slice(0, 20)}"; must be "hex" or "base64"`,
  );
}

const MAX_RANDOM_BYTES = 128 * 1024;
const SOURCES = ["platform", "seal", "all"];

/**
 * Byte count and source of sys/tools/random[/<source>][/<bytes>] as Vault reads them: one URL
 * segment is a source if it names one, else a byte count; two are source then byte count.
 */
function randomRequest(f: { p1?: string; p2?: string; bytes?: number; source: string }) {
  const urlBytes = (raw: string): number => {
    if (!/^[+-]?\d+$/.test(raw)) {
      throw new InvalidRequestError(
        `error parsing url-set byte count: strconv.Atoi: parsing ${JSON.stringify(raw.slice(0, 20))}: invalid syntax`,
      );
    }
    return Number(raw);
  };
  if (f.p1 === undefined) return { bytes: f.bytes ?? 32, source: f.source };
  if (f.p2 === undefined) {
    return SOURCES.includes(f.p1)
      ? { bytes: f.bytes ?? 32, source: f.p1 }
      : { bytes: urlBytes(f.p1), source: f.source };
  }
  return { bytes: urlBytes(f.p2), source: f.p1 };
}

export function toolPaths(): PathDef[] {
  return [
    definePath({
      pattern: "tools/random(?:/(?<p1>[^/]+))?(?:/(?<p2>[^/]+))?",
      fields: {
        p1: field.str().optional(),
        p2: field.str().optional(),
        bytes: field.int().optional(),
        format: field.str().default("base64"),
        source: field.str().default("platform"),
      },
      operations: {
        update: async (_req, f) => {
          const { bytes, source } = randomRequest(f);
          if (bytes < 1) throw new InvalidRequestError('"bytes" cannot be less than 1');
          if (bytes > MAX_RANDOM_BYTES) {
            throw new InvalidRequestError(`"bytes" should be less than ${MAX_RANDOM_BYTES}`);
          }
          if (!SOURCES.includes(source)) {
            throw new InvalidRequestError(
              `unsupported entropy source ${JSON.stringify(source.slice(0, 20))}; must be "platform" or "seal", or "all"`,
            );
          }
          const data = { random_bytes: format(randomBytes(bytes), f.format) };
          // No seal here holds an entropy source of its own (Vault's answer without one).
          if (source === "seal") {
            return {
              data,
              warnings: ["no seal/entropy augmentation available, using platform entropy source"],
            };
          }
          return { data };
        },
      },
      help: "Generate random bytes.",
    }),
    definePath({
      pattern: "tools/hash(?:/(?<urlalgorithm>[^/]+))?",
      fields: {
        urlalgorithm: field.str().optional(),
        input: field.str().optional(),
        algorithm: field.str().default("sha2-256"),
        format: field.str().default("hex"),
      },
      operations: {
        update: async (_req, f) => {
          const algorithm = f.urlalgorithm ?? f.algorithm;
          const alg = HASHES[algorithm];
          if (!alg) throw new InvalidRequestError(`unsupported algorithm ${algorithm.slice(0, 20)}`);
          if (!f.input) throw new InvalidRequestError("the input parameter must be provided");
          // Go's StdEncoding: the standard alphabet with padding, nothing else.
          const input = Buffer.from(f.input, "base64");
          if (input.toString("base64") !== f.input) {
            throw new InvalidRequestError("unable to decode input as base64");
          }
          return { data: { sum: format(createHash(alg).update(input).digest(), f.format) } };
        },
      },
      help: "Hash data.",
    }),
  ];
}
