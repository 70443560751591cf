/**
 * Request bodies: read with a size limit, then parsed as Vault does (a JSON object, or a form
 * when the client says so and the body does not look like JSON). Parse errors never echo the
 * body: it may hold secrets.
 */
import { isUtf8 } from "node:buffer";
import type { IncomingMessage } from "node:http";
import { InvalidRequestError, PayloadTooLargeError } from "../errors.js";

const EMPTY = Buffer.alloc(0);
const FORM_MEDIA_TYPE = "application/x-www-form-urlencoded";
/** Deeper JSON is refused: recursive code downstream (serializers, walkers) must not overflow. */
const MAX_JSON_DEPTH = 1000;

/** Reads the whole body, refusing (413) as soon as it is known to exceed `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers["content-length"];
  if (declared !== undefined) {
    const length = Number(declared);
    if (length > limit) return Promise.reject(new PayloadTooLargeError());
    if (length === 0) return Promise.resolve(EMPTY);
  } else if (req.headers["transfer-encoding"] === undefined) {
    return Promise.resolve(EMPTY);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) {
        cleanup();
        reject(new PayloadTooLargeError());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total));
    };
    const onAbort = () => {
      cleanup();
      reject(new InvalidRequestError("request body was cut short"));
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onAbort);
      req.off("aborted", onAbort);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onAbort);
    req.on("aborted", onAbort);
  });
}

/**
 * Parses a write body. Empty (or whitespace) is an empty object. `allowForm`: POST/PUT accept
 * form-urlencoded bodies; PATCH does not.
 */
export function parseBody(
  body: Buffer,
  contentType: string | undefined,
  allowForm: boolean,
): Record<string, unknown> {
  if (body.length === 0) return {};
  if (!isUtf8(body)) throw new InvalidRequestError("request body is not valid UTF-8");
  const text = body.toString("utf8");
  const first = firstSignificant(text);
  if (first === "") return {};
  if (allowForm && first !== "{" && first !== "[" && mediaType(contentType) === FORM_MEDIA_TYPE)
    return parseForm(text);
  if (text.length > 2 * MAX_JSON_DEPTH && jsonDepth(text) > MAX_JSON_DEPTH) {
    throw new InvalidRequestError("error parsing JSON: nested too deeply");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidRequestError("error parsing JSON");
  }
  if (value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new InvalidRequestError("error parsing JSON: the body must be a JSON object");
  }
  if ((text.includes("__proto__") || text.includes("\\u")) && hasProtoKey(value)) {
    throw new InvalidRequestError('error parsing JSON: "__proto__" is not allowed as a key');
  }
  return value as Record<string, unknown>;
}

/** Deepest nesting of arrays and objects in JSON text (strings skipped; malformed text is fine). */
function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > deepest) deepest = depth;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return deepest;
}

function firstSignificant(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== " " && c !== "\t" && c !== "\n" && c !== "\r") return c;
  }
  return "";
}

/** The media type of a Content-Type header, lower-cased, without parameters ("" when absent). */
export function mediaType(contentType: string | undefined): string {
  if (contentType === undefined) return "";
  const semicolon = contentType.indexOf(";");
  return (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

/** Form fields; a repeated field becomes its values joined with commas (as Vault does). */
function parseForm(text: string): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    if (key === "__proto__") throw new InvalidRequestError('"__proto__" is not allowed as a form field');
    const previous = data[key];
    data[key] = typeof previous === "string" ? `${previous},${value}` : value;
  }
  return data;
}

function hasProtoKey(root: object): boolean {
  const stack: object[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (Array.isArray(node)) {
      for (const item of node) if (item !== null && typeof item === "object") stack.push(item);
      continue;
    }
    for (const key of Object.keys(node)) {
      if (key === "__proto__") return true;
      const item = (node as Record<string, unknown>)[key];
      if (item !== null && typeof item === "object") stack.push(item);
    }
  }
  return false;
}
