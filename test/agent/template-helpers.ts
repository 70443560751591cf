/** Renders template text against in-memory secrets, for the template tests. */
import { FuncError } from "../../src/agent/template/errors.js";
import {
  type CompileOptions,
  compileTemplate,
  type SecretSource,
  Struct,
  TemplateSource,
  type Value,
} from "../../src/agent/template/index.js";
import { fromPlain } from "../../src/agent/template/values.js";

/** Secrets by path (KV v2 shapes are written out in full by the tests). */
export class MemorySecrets implements SecretSource {
  readonly writes: Array<{ path: string; params: Record<string, string> }> = [];
  readonly reads: string[] = [];

  constructor(
    private readonly data: Record<string, unknown>,
    private readonly lists: Record<string, string[]> = {},
  ) {}

  async secret(path: string, params: Record<string, string> | null): Promise<Value> {
    if (params) {
      this.writes.push({ path, params });
      return new Struct("Secret", {
        LeaseID: "",
        LeaseDuration: 0,
        Renewable: false,
        Data: fromPlain(params),
      });
    }
    this.reads.push(path);
    if (!Object.hasOwn(this.data, path)) throw new FuncError(`no secret exists at ${path}`);
    return new Struct("Secret", {
      RequestID: "req-1",
      LeaseID: "",
      LeaseDuration: 2764800,
      Renewable: false,
      Data: fromPlain(this.data[path]),
      Warnings: null,
    });
  }

  async list(path: string): Promise<string[]> {
    return this.lists[path] ?? [];
  }
}

export interface RenderInput {
  secrets?: MemorySecrets;
  env?: Record<string, string>;
  files?: Record<string, string>;
  name?: string;
  line?: number;
  column?: number;
  options?: CompileOptions;
}

export async function render(text: string, input: RenderInput = {}): Promise<string> {
  const source = new TemplateSource(input.name ?? "app.tmpl", text, input.line, input.column);
  const tpl = compileTemplate(source, input.options);
  return tpl.render({
    secrets: input.secrets ?? new MemorySecrets({}),
    env: (name) => input.env?.[name],
    readFile: async (path) => {
      const content = input.files?.[path];
      if (content === undefined) throw new FuncError(`cannot read ${path}: ENOENT`);
      return content;
    },
  });
}

/** The error message a template gives (compile or render), or "" when it renders. */
export async function errorOf(text: string, input: RenderInput = {}): Promise<string> {
  try {
    await render(text, input);
    return "";
  } catch (err) {
    return (err as Error).message;
  }
}
