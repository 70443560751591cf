import type { Backend } from "../../logical/types.js";
import type { MountEntry } from "./types.js";
import { routePath } from "./types.js";

export interface Route {
  entry: MountEntry;
  backend: Backend;
  /** Routing path of the mount, with trailing slash ("secret/", "auth/token/"). */
  mountPath: string;
}

/** Longest-prefix router over mount paths. */
export class Router {
  private readonly routes = new Map<string, Route>();

  add(entry: MountEntry, backend: Backend): void {
    const mountPath = routePath(entry);
    this.routes.set(mountPath, { entry, backend, mountPath });
  }

  remove(mountPath: string): Route | undefined {
    const r = this.routes.get(mountPath);
    this.routes.delete(mountPath);
    return r;
  }

  get(mountPath: string): Route | undefined {
    return this.routes.get(mountPath);
  }

  all(): Route[] {
    return [...this.routes.values()];
  }

  clear(): void {
    this.routes.clear();
  }

  /** The mount serving `path` and the path relative to it; "secret" also matches "secret/". */
  match(path: string): { route: Route; relative: string } | null {
    const withSlash = path.endsWith("/") ? path : `${path}/`;
    const exact = this.routes.get(withSlash);
    if (exact) return { route: exact, relative: path.slice(Math.min(path.length, withSlash.length)) };
    for (let i = path.lastIndexOf("/"); i > 0; i = path.lastIndexOf("/", i - 1)) {
      const r = this.routes.get(path.slice(0, i + 1));
      if (r) return { route: r, relative: path.slice(i + 1) };
    }
    return null;
  }

  /** Whether another mount overlaps `mountPath` (is a prefix of it, or it is a prefix of one). */
  conflict(mountPath: string): string | null {
    for (const p of this.routes.keys()) {
      if (p.startsWith(mountPath) || mountPath.startsWith(p)) return p;
    }
    return null;
  }
}
