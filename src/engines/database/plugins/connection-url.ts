/** Connection URLs with `{{username}}`/`{{password}}` templates: filling them in, and redacting them for reads. */
import type { ConnectionDetails } from "./types.js";

const USER = /\{\{\s*username\s*\}\}/g;
const PASS = /\{\{\s*password\s*\}\}/g;

export function hasPasswordTemplate(url: string): boolean {
  return new RegExp(PASS.source).test(url);
}

/** The URL with the templates filled in (URL-encoded unless disable_escaping). */
export function fillConnectionUrl(d: ConnectionDetails): string {
  const enc = d.disableEscaping ? (s: string) => s : encodeURIComponent;
  return d.connectionUrl.replace(USER, () => enc(d.username)).replace(PASS, () => enc(d.password));
}

/**
 * The URL as a read shows it: a literal password in the user-info part or in a `password=` query
 * parameter becomes `xxxxx`; templates stay as written.
 */
export function redactConnectionUrl(url: string): string {
  let out = url;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(out);
  if (scheme) {
    // The user-info ends at the authority's last "@" (an unencoded "@" may sit in the password).
    const from = scheme[0].length;
    const rest = out.slice(from);
    const authEnd = rest.search(/[/?#]/);
    const authority = authEnd === -1 ? rest : rest.slice(0, authEnd);
    const at = authority.lastIndexOf("@");
    const colon = at === -1 ? -1 : authority.slice(0, at).indexOf(":");
    if (colon !== -1) {
      const pw = authority.slice(colon + 1, at);
      if (!/^\{\{\s*password\s*\}\}$/.test(pw)) {
        out = `${out.slice(0, from + colon + 1)}xxxxx${out.slice(from + at)}`;
      }
    }
  }
  return out.replace(/([?&]password=)([^&#]*)/gi, (m, key: string, pw: string) =>
    hasPasswordTemplate(safeDecode(pw)) ? m : `${key}xxxxx`,
  );
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Replaces every occurrence of the given secrets (and their URL-encoded forms) in a message. */
export function redactSecrets(text: string, secrets: Array<string | undefined>): string {
  let out = text;
  for (const s of secrets) {
    if (!s || s.length < 3) continue;
    for (const form of new Set([s, encodeURIComponent(s), s.replaceAll("'", "''")])) {
      out = out.split(form).join("[redacted]");
    }
  }
  return out;
}
