interface Slot {
  due: number;
  id: string;
}

/**
 * Lease ids ordered by due time (a binary min-heap). Rescheduling or removing an id leaves its old
 * slot in the heap; such stale slots are skipped when they surface and compacted away when they
 * pile up.
 */
export class DueQueue {
  private heap: Slot[] = [];
  private readonly current = new Map<string, number>();

  get size(): number {
    return this.current.size;
  }

  set(id: string, due: number): void {
    if (this.current.get(id) === due) return;
    this.current.set(id, due);
    this.push({ due, id });
    if (this.heap.length > 2 * this.current.size + 1024) this.compact();
  }

  delete(id: string): void {
    this.current.delete(id);
  }

  clear(): void {
    this.heap = [];
    this.current.clear();
  }

  /** The earliest due time, or undefined when nothing is scheduled. */
  peek(): number | undefined {
    this.dropStale();
    return this.heap[0]?.due;
  }

  /** Removes and returns every id due at or before `now`, earliest first. */
  popDue(now: number): string[] {
    const out: string[] = [];
    for (;;) {
      this.dropStale();
      const top = this.heap[0];
      if (!top || top.due > now) return out;
      this.pop();
      this.current.delete(top.id);
      out.push(top.id);
    }
  }

  private dropStale(): void {
    while (this.heap.length > 0 && this.current.get(this.heap[0].id) !== this.heap[0].due) this.pop();
  }

  private compact(): void {
    const slots = [...this.current].map(([id, due]) => ({ id, due }));
    this.heap = [];
    for (const slot of slots) this.push(slot);
  }

  private push(slot: Slot): void {
    const h = this.heap;
    h.push(slot);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent].due <= h[i].due) break;
      [h[parent], h[i]] = [h[i], h[parent]];
      i = parent;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop();
    if (!last || h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < h.length && h[l].due < h[min].due) min = l;
      if (r < h.length && h[r].due < h[min].due) min = r;
      if (min === i) return;
      [h[min], h[i]] = [h[i], h[min]];
      i = min;
    }
  }
}
