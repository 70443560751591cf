/** random/ and hash/: helpers that use no key. */
import { createHash, randomBytes } from "node:crypto";
import { InvalidRequestError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import { decodeBase64 } from "../b64.js";
import { nodeHashName, requireDigestAlgorithm } from "../hashes.js";

const MAX_RANDOM_BYTES = 128 * 1024;
const SOURCES = new Set(["platform", "seal", "all"]);

function encode(bytes: Buffer, format: string): string {
  if (format === "hex") return bytes.toString("hex");
  if (format === "base64") return bytes.toString("base64");
  throw new InvalidRequestError(`unsupported encoding format "${format}"; must be "hex" or "base64"`);
}

function byteCount(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) throw new InvalidRequestError(`error parsing url-set byte count: ${text}`);
  return Number(text);
}

export function miscPaths(): PathDef[] {
  return [
    definePath({
      pattern: "random(?:/(?<source>[^/]+))?(?:/(?<urlbytes>[^/]+))?",
      fields: {
        source: field.str().optional(),
        urlbytes: field.str().optional(),
        bytes: field.int().default(32),
        format: field.str().default("base64"),
      },
      operations: {
        update: async (_req, f) => {
          // random/<n> is a count; random/<source>[/<n>] names a source (all are the OS CSPRNG here).
          let bytes = f.bytes;
          if (f.source !== undefined && f.urlbytes === undefined && !SOURCES.has(f.source)) {
            bytes = byteCount(f.source);
          } else if (f.source !== undefined && !SOURCES.has(f.source)) {
            throw new InvalidRequestError(`unsupported entropy source ${f.source}`);
          } else if (f.urlbytes !== undefined) {
            bytes = byteCount(f.urlbytes);
          }
          if (bytes < 1) throw new InvalidRequestError('"bytes" cannot be less than 1');
          if (bytes > MAX_RANDOM_BYTES)
            throw new InvalidRequestError(`"bytes" should be less than ${MAX_RANDOM_BYTES}`);
          return { data: { random_bytes: encode(randomBytes(bytes), f.format) } };
        },
      },
      help: "Random bytes from the operating system's CSPRNG.",
    }),

    definePath({
      pattern: "hash(?:/(?<urlalgorithm>[^/]+))?",
      fields: {
        urlalgorithm: field.str().optional(),
        algorithm: field.str().default("sha2-256"),
        input: field.str().optional(),
        format: field.str().default("hex"),
      },
      operations: {
        update: async (_req, f) => {
          if (f.input === undefined) throw new InvalidRequestError("input missing");
          let input: Buffer;
          try {
            input = decodeBase64(f.input);
          } catch (err) {
            throw new InvalidRequestError(`unable to decode input as base64: ${(err as Error).message}`);
          }
          if (f.format !== "hex" && f.format !== "base64") encode(input, f.format);
          const algorithm = requireDigestAlgorithm(f.urlalgorithm || f.algorithm);
          const sum = createHash(nodeHashName(algorithm)).update(input).digest();
          return { data: { sum: encode(sum, f.format) } };
        },
      },
      help: "Hash base64 input with a SHA-2 or SHA-3 algorithm.",
    }),
  ];
}
