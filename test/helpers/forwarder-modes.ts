/**
 * The two ways a forwarder runs, for tests that hold both to one contract: in the calling thread
 * (`createForwarder`) and with its queues and destinations in a delivery thread
 * (`createThreadedForwarder`).
 */
import { createForwarder } from '../../src/delivery/forwarder.js';
import { createThreadedForwarder } from '../../src/delivery/threaded-forwarder.js';

export const FORWARDER_MODES = [
  { mode: 'in-thread', create: createForwarder },
  { mode: 'with a delivery thread', create: createThreadedForwarder },
] as const;

export type CreateForwarder = (typeof FORWARDER_MODES)[number]['create'];
