/**
 * Credentials recognisable by their shape, whatever their value: an Authorization header, a
 * bearer token, `name=value` and `"name":"value"` where the name marks a secret (the server
 * logger's own vocabulary: token, secret, password, key, ...), and URIs with a password.
 */
import { isSensitiveKey } from "../util/logger.js";
import { MASK } from "./secret-forms.js";

const URI_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/:@?#]*):([^\s/@?#]+)@/gi;
const AUTH_HEADER =
  /\b((?:proxy-)?authorization)(["']?\s*[:=]\s*["']?)(?:(bearer|basic|digest|negotiate|token)\s+)?([^\s"',;]+)/gi;
const BEARER = /\b(bearer)\s+([A-Za-z0-9\-._~+/]+=*)/gi;
const JSON_FIELD = /"([^"\\]{1,100})"(\s*:\s*)("(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*)/g;
/** Authorization values were handled above (their scheme is kept). */
const KEY_VALUE = /(^|[^\w.-])([A-Za-z_][\w.-]{0,100})=("[^"\n]*"|'[^'\n]*'|[^\s&;,"']+)/g;

/** `text` with the credential-shaped parts replaced by `mask`. */
export function maskPatterns(text: string, mask = MASK): string {
  return text
    .replace(URI_PASSWORD, (_m, scheme: string, user: string) => `${scheme}${user}:${mask}@`)
    .replace(AUTH_HEADER, (_m, name: string, sep: string, scheme: string | undefined) =>
      scheme ? `${name}${sep}${scheme} ${mask}` : `${name}${sep}${mask}`,
    )
    .replace(BEARER, (_m, word: string) => `${word} ${mask}`)
    .replace(JSON_FIELD, (m, name: string, sep: string) =>
      isSensitiveKey(name) ? `"${name}"${sep}"${mask}"` : m,
    )
    .replace(KEY_VALUE, (m, lead: string, name: string) =>
      isSensitiveKey(name) && !/authorization$/i.test(name) ? `${lead}${name}=${mask}` : m,
    );
}
