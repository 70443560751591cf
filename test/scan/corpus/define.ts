import { ALPHABETS, type Rand } from "./rand.js";

/**
 * One labelled case per detector: a generated text holding one credential of the detector's
 * kind (`positive`), and a near miss that looks close but holds none (`nearMiss`).
 */
export interface Sample {
  text: string;
  /** The credential; a finding matches when its secret is part of it. */
  secret: string;
}

export interface CorpusCase {
  rule: string;
  /** The file name the text is scanned under (it decides e.g. whether bare values count). */
  file: string;
  positive: (r: Rand) => Sample;
  nearMiss: (r: Rand) => string;
  /** Other rules that may rightly fire on the positive text (a key id next to its secret). */
  extra?: string[];
}

export const ALNUM_DASH = `${ALPHABETS.alnum}_-`;

/** A credential in a TypeScript string literal, under a neutral variable name. */
export function code(value: string): string {
  return `export const value = "${value}";\n`;
}

export function token(
  rule: string,
  make: (r: Rand) => string,
  miss: (r: Rand) => string,
  file = "src/config.ts",
): CorpusCase {
  return {
    rule,
    file,
    positive: (r) => {
      const v = make(r);
      return { text: code(v), secret: v };
    },
    nearMiss: (r) => code(miss(r)),
  };
}

/** `prefix` + `length` characters; the near miss is one character short. */
export function prefixed(
  rule: string,
  prefix: string,
  length: number,
  alphabet: string = ALPHABETS.alnum,
): CorpusCase {
  return token(
    rule,
    (r) => prefix + r.str(length, alphabet),
    (r) => prefix + r.str(length - 1, alphabet),
  );
}

/** A `NAME=value` line in a .env file; the near miss is another line of the same service. */
export function env(
  rule: string,
  name: string,
  make: (r: Rand) => string,
  miss: (r: Rand) => string,
): CorpusCase {
  return {
    rule,
    file: ".env",
    positive: (r) => {
      const v = make(r);
      return { text: `${name}=${v}\n`, secret: v };
    },
    nearMiss: (r) => `${miss(r)}\n`,
  };
}
