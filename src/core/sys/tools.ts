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
          let bytes = f.bytes ?? 32;
          let source = f.source;
          for (const p of [f.p1, f.p2]) {
            if (p === undefined) continue;
            if (/^\d+$/.test(p)) bytes = Number(p);
            else source = p;
          }
          if (!["platform", "seal", "all"].includes(source)) {
            throw new InvalidRequestError(`unsupported entropy source "${source.slice(0, 20)}"`);
          }
          if (!Number.isInteger(bytes) || bytes < 1 || bytes > 128 * 1024) {
            throw new InvalidRequestError("number of bytes must be between 1 and 131072");
          }
          return { data: { random_bytes: format(randomBytes(bytes), f.format) } };
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
          const input = Buffer.from(f.input, "base64");
          if (input.toString("base64").replace(/=+$/, "") !== f.input.replace(/=+$/, "")) {
            throw new InvalidRequestError("unable to decode input as base64");
          }
          return { data: { sum: format(createHash(alg).update(input).digest(), f.format) } };
        },
      },
      help: "Hash data.",
    }),
  ];
}
