/**
 * The delivery thread: a worker thread that runs the forwarder's queues and destinations
 * (forwarder.ts, `openForwarderCore`) for threaded-forwarder.ts, which validates and selects in
 * the calling thread and hands over the events' canonical JSON. Requests are served as they come;
 * each reply carries the state `health()` reads (thread-messages.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ForwarderCore } from './forwarder.js';
import { openForwarderCore } from './forwarder.js';
import type { DeliveryMessage, DeliveryRequest, DeliveryThreadData, DeliveryThreadState } from './thread-messages.js';
import { STATE_PUSH_MS } from './thread-messages.js';

if (parentPort === null) throw new Error('delivery-thread runs as a worker thread, started by createThreadedForwarder');
const port = parentPort;
const { config } = workerData as DeliveryThreadData;
// A memory queue keeps the buffers it is given: it gets copies, so one kept event does not hold a whole handed-over batch.
const copyRecords = config.destinations.some((d) => d.queue.type === 'memory');

function post(message: DeliveryMessage, transfer?: readonly ArrayBuffer[]): void {
  port.postMessage(message, transfer);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

let core: ForwarderCore | undefined;
try {
  core = await openForwarderCore(config, { log: (line) => post({ op: 'log', line }) });
} catch (err) {
  post({ op: 'failed', message: messageOf(err) });
}

if (core !== undefined) {
  const { forwarder, appendSelected } = core;
  const state = (): DeliveryThreadState => ({ health: forwarder.health(), deadLettered: forwarder.deadLettered });
  const pushes = setInterval(() => post({ op: 'state', state: state() }), STATE_PUSH_MS);
  pushes.unref();

  async function serve(request: DeliveryRequest): Promise<unknown> {
    switch (request.op) {
      case 'append': {
        const all = Buffer.from(request.buffer);
        const data: Buffer[] = new Array<Buffer>(request.lengths.length);
        let pos = 0;
        for (let i = 0; i < request.lengths.length; i++) {
          const end = pos + (request.lengths[i] as number);
          data[i] = copyRecords ? Buffer.from(all.subarray(pos, end)) : all.subarray(pos, end);
          pos = end;
        }
        await appendSelected({ data, lanes: request.lanes, rejected: request.rejected });
        return undefined;
      }
      case 'metrics':
        return forwarder.metrics();
      case 'test':
        return forwarder.test(request.destination);
      case 'flush':
        return forwarder.flush(request.timeoutMs !== undefined ? { timeoutMs: request.timeoutMs } : {});
      case 'close':
        clearInterval(pushes);
        return forwarder.close(request.deadlineMs !== undefined ? { deadlineMs: request.deadlineMs } : {});
    }
  }

  port.on('message', (request: DeliveryRequest) => {
    serve(request).then(
      (value) => {
        post({ op: 'reply', id: request.id, value, state: state() });
        if (request.op === 'close') port.close();
      },
      (err: unknown) => post({ op: 'reply', id: request.id, error: messageOf(err), state: state() }),
    );
  });
  post({ op: 'ready', state: state() });
}
