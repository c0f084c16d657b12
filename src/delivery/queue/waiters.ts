/**
 * The consumers parked in `Queue.waitForRecords(signal)`: each is released when records arrive
 * (`wakeAll`) or when its own signal aborts, whichever comes first, and leaves no listener behind.
 */
export class Waiters {
  private readonly waiting = new Set<() => void>();

  wait(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const release = (): void => {
        signal.removeEventListener('abort', release);
        this.waiting.delete(release);
        resolve();
      };
      this.waiting.add(release);
      signal.addEventListener('abort', release, { once: true });
    });
  }

  wakeAll(): void {
    for (const release of [...this.waiting]) release();
  }
}
