import { MASK, MIN_SECRET_LENGTH, secretForms } from "./secret-forms.js";

/** Where one pass over buffered text ended: masked text to emit now, and text to hold back. */
export interface MaskStep {
  out: string;
  carry: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

/** One alternation over `forms`, longest first, so the longest form wins at any position. */
function alternation(forms: Iterable<string>): RegExp | null {
  const sorted = [...forms].sort((a, b) => b.length - a.length);
  if (sorted.length === 0) return null;
  return new RegExp(sorted.map(escapeRegExp).join("|"), "g");
}

/** One set of forms with its regex: either JS text or bytes held as a latin1 string. */
class FormSet {
  readonly forms = new Set<string>();
  private regex: RegExp | null = null;
  private firstChars = new Set<string>();
  maxLength = 0;

  add(form: string): void {
    if (this.forms.has(form)) return;
    this.forms.add(form);
    this.firstChars.add(form[0]);
    this.maxLength = Math.max(this.maxLength, form.length);
    this.regex = null;
  }

  private compiled(): RegExp | null {
    if (this.regex === null && this.forms.size > 0) this.regex = alternation(this.forms);
    return this.regex;
  }

  maskAll(text: string, mask: string): string {
    const re = this.compiled();
    return re ? text.replace(re, mask) : text;
  }

  /**
   * The first position at or after `from` where the rest of `text` is a proper prefix of some
   * form (a secret that may complete in the next chunk); `text.length` when there is none.
   */
  pendingStart(text: string, from: number): number {
    const start = Math.max(from, text.length - this.maxLength + 1);
    for (let p = start; p < text.length; p++) {
      if (!this.firstChars.has(text[p])) continue;
      const rest = text.slice(p);
      for (const form of this.forms) if (form.length > rest.length && form.startsWith(rest)) return p;
    }
    return text.length;
  }

  /** Masks what is certain in `text`; holds back a tail that may be the start of a secret. */
  step(text: string, mask: string): MaskStep {
    const re = this.compiled();
    if (!re) return { out: text, carry: "" };
    let out = "";
    let pos = 0;
    let held = this.pendingStart(text, 0);
    for (;;) {
      re.lastIndex = pos;
      const m = re.exec(text);
      if (!m || m.index >= held) break;
      out += text.slice(pos, m.index) + mask;
      pos = m.index + m[0].length;
      if (pos > held) held = this.pendingStart(text, pos);
    }
    return { out: out + text.slice(pos, held), carry: text.slice(held) };
  }
}

export interface SecretMatcherOptions {
  /** Values shorter than this are ignored (default 4). */
  minLength?: number;
  /** Replacement text (default `***`). */
  mask?: string;
}

/**
 * Finds known secret values (and their base64, URL-encoded and JSON-escaped forms) in text and
 * replaces each with `***`. The one masking implementation behind `cofre run`'s output masking and
 * the `cofre/redact` log redactor.
 */
export class SecretMatcher {
  readonly mask: string;
  readonly minLength: number;
  private readonly text = new FormSet();
  private readonly bytes = new FormSet();

  constructor(values: Iterable<string> = [], opts: SecretMatcherOptions = {}) {
    this.mask = opts.mask ?? MASK;
    this.minLength = opts.minLength ?? MIN_SECRET_LENGTH;
    this.add(values);
  }

  /** Adds values to mask from now on (earlier ones stay masked). */
  add(values: Iterable<string>): void {
    for (const value of values) {
      if (typeof value !== "string") continue;
      for (const form of secretForms(value, this.minLength)) {
        this.text.add(form);
        this.bytes.add(Buffer.from(form, "utf8").toString("latin1"));
      }
    }
  }

  /** How many values' forms are known (0: nothing to mask). */
  get size(): number {
    return this.text.forms.size;
  }

  /** The longest form in bytes: a stream never holds back more than this minus one. */
  get maxBytes(): number {
    return this.bytes.maxLength;
  }

  /** `text` with every known form replaced. */
  maskText(text: string): string {
    return this.text.maskAll(text, this.mask);
  }

  /**
   * One streaming step over bytes held as a latin1 string (so a secret's multi-byte characters
   * may be split anywhere): the masked part that is final, and the tail to prepend to the next
   * chunk. With `final`, everything is masked and nothing is held.
   */
  stepBytes(bytes: string, final: boolean): MaskStep {
    if (final) return { out: this.bytes.maskAll(bytes, this.mask), carry: "" };
    return this.bytes.step(bytes, this.mask);
  }
}
