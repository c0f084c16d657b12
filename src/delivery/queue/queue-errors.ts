/** Errors the queues throw, so the engine can tell a full or closed queue from an I/O failure. */

/** `append` on a memory queue that would pass its `maxBytes`: nothing of the call was appended. */
export class QueueFullError extends Error {
  override readonly name = 'QueueFullError';
  constructor(
    readonly maxBytes: number,
    readonly requestedBytes: number,
  ) {
    super(`queue full: ${requestedBytes} more bytes would pass the cap of ${maxBytes} bytes`);
  }
}

/** Any call but `close`, `stats` and `waitForRecords` after `close()`. */
export class QueueClosedError extends Error {
  override readonly name = 'QueueClosedError';
  constructor() {
    super('queue closed');
  }
}
