export type { Queue, QueueEntry, QueueStats } from './queue.js';
export { type DiskQueue, type DiskQueueOptions, DEFAULT_FSYNC_INTERVAL_MS, DEFAULT_SEGMENT_BYTES, openDiskQueue } from './disk-queue.js';
export { type MemoryQueueOptions, DEFAULT_MEMORY_QUEUE_MAX_BYTES, createMemoryQueue } from './memory-queue.js';
export { type FsyncPolicy, FSYNC_POLICIES } from './fsync-policy.js';
export type { RecoveryReport } from './recovery.js';
export { QueueClosedError, QueueFullError } from './queue-errors.js';
