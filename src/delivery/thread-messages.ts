/**
 * The messages between a forwarder's calling thread and its delivery thread
 * (threaded-forwarder.ts, delivery-thread.ts). Each request carries an `id` that its reply echoes;
 * every reply, and a push every `STATE_PUSH_MS`, carries the delivery thread's state, from which
 * `health()` answers without a round trip.
 */
import type { ForwarderConfig } from './config/load.js';
import type { ForwarderHealth } from './forwarder.js';
import type { LaneSelection } from './intake.js';

/** What the delivery thread starts with. */
export interface DeliveryThreadData {
  readonly config: ForwarderConfig;
}

/** The calling thread's requests. */
export type DeliveryRequest =
  /**
   * Valid events to queue: their canonical JSON back to back in `buffer` (transferred, not
   * copied), `lengths[i]` bytes each, and each destination's share.
   */
  | { readonly op: 'append'; readonly id: number; readonly buffer: ArrayBuffer; readonly lengths: Uint32Array; readonly lanes: readonly LaneSelection[]; readonly rejected: number }
  | { readonly op: 'metrics'; readonly id: number }
  | { readonly op: 'test'; readonly id: number; readonly destination: string }
  | { readonly op: 'flush'; readonly id: number; readonly timeoutMs?: number }
  | { readonly op: 'close'; readonly id: number; readonly deadlineMs?: number };

/** What `health()` and `deadLettered` read, as the delivery thread last told it. */
export interface DeliveryThreadState {
  readonly health: ForwarderHealth;
  /** Events the delivery thread dead-lettered (the destinations'; `_invalid` is the calling thread's). */
  readonly deadLettered: number;
}

/** The delivery thread's messages. */
export type DeliveryMessage =
  | { readonly op: 'ready'; readonly state: DeliveryThreadState }
  /** The forwarder could not start (the data directory is locked, a destination cannot open...). */
  | { readonly op: 'failed'; readonly message: string }
  | { readonly op: 'reply'; readonly id: number; readonly value?: unknown; readonly error?: string; readonly state: DeliveryThreadState }
  | { readonly op: 'state'; readonly state: DeliveryThreadState }
  /** A warning of the forwarder's, already redacted. */
  | { readonly op: 'log'; readonly line: string };

/** How often the delivery thread sends its state unasked: `health()` is at most this old between replies. */
export const STATE_PUSH_MS = 250;
