/**
 * A first-in first-out list with O(1) push and shift: an array read from a moving head, compacted
 * once the consumed part is at least half of it (Array#shift is O(n) on long arrays).
 */
export class Fifo<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** The oldest item, not removed. */
  first(): T | undefined {
    return this.items[this.head];
  }

  /** The item `index` places after the oldest. */
  at(index: number): T | undefined {
    return this.items[this.head + index];
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head >= 1_024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}
