/** The LIST path of a backend's named items (`role/?`, `config/?`, ...). */
import { definePath, type PathDef } from "./framework.js";

/** LIST `pattern`: the names `list` returns, or 404 when there are none (as Vault answers). */
export function listPath(pattern: string, list: () => Promise<string[]>, help: string): PathDef {
  return definePath({
    pattern,
    operations: {
      list: async () => {
        const keys = await list();
        return keys.length > 0 ? { data: { keys } } : null;
      },
    },
    help,
  });
}
