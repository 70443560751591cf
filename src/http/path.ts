/**
 * The logical path of an API request: the URL path after `/v1/`, percent-decoded exactly once
 * and refused when it could mean something else to another layer (encoded slashes, dot
 * segments, empty segments, control characters).
 */
import { InvalidRequestError, UnsupportedPathError } from "../errors.js";

export const API_PREFIX = "/v1/";

const ENCODED_SLASH = /%2f/i;
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
const DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/;

/**
 * `rawPath` is the URL path without the query string and without the `/v1/` prefix, as sent.
 * Returns the decoded logical path, e.g. "secret/data/foo" or "secret/metadata/".
 */
export function decodeApiPath(rawPath: string): string {
  let path = rawPath;
  if (path.includes("%")) {
    if (ENCODED_SLASH.test(path))
      throw new InvalidRequestError("encoded slashes (%2F) are not allowed in paths");
    try {
      path = decodeURIComponent(path);
    } catch {
      throw new InvalidRequestError("invalid percent-encoding in path");
    }
    if (CONTROL_CHARACTER.test(path)) throw new InvalidRequestError("path contains non-printable characters");
  }
  if (path.startsWith("/") || path.includes("//")) throw new InvalidRequestError("path has an empty segment");
  if (DOT_SEGMENT.test(path)) throw new InvalidRequestError('"." and ".." path segments are not allowed');
  if (path.endsWith(".")) throw new UnsupportedPathError();
  return path;
}
