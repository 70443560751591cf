/**
 * A template's text and where it came from, so every error names `file:line:col`. A template
 * written inline in the agent's config (`contents = "..."`) starts somewhere inside that file:
 * `line`/`column` say where its first character is.
 */
export class TemplateSource {
  private readonly lineStarts: number[] = [0];

  constructor(
    /** The file named in errors (a template file, or the config file for inline contents). */
    readonly name: string,
    readonly text: string,
    /** Line (1-based) of the text's first character in `name`. */
    private readonly line = 1,
    /** Column (1-based) of the text's first character in `name`. */
    private readonly column = 1,
  ) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  /** `name:line:col` of a character offset in the text. */
  where(offset: number): string {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const col = offset - this.lineStarts[lo] + 1;
    const line = this.line + lo;
    return `${this.name}:${line}:${lo === 0 ? this.column + col - 1 : col}`;
  }
}
