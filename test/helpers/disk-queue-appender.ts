/**
 * The child process of test/integration/disk-queue-crash.test.ts: opens the disk queue in
 * `argv[2]` and appends events with unique ids (`<run>-<n>`) until it is killed, two appends in
 * flight at a time, printing each id on stdout only after its append resolved. Whatever it printed
 * the queue has promised to keep.
 *
 *   node --import tsx test/helpers/disk-queue-appender.ts <dir> <run>
 */
import { openDiskQueue } from '../../src/delivery/queue/disk-queue.js';

const [dir, run] = process.argv.slice(2);
if (dir === undefined || run === undefined) throw new Error('usage: disk-queue-appender <dir> <run>');

/** Small segments, so crashes land in rolls and the parent's acks delete segments. */
const queue = await openDiskQueue({ dir, segmentBytes: 64 * 1024 });
const pad = 'x'.repeat(560);
let n = 0;

function batch(): { ids: string[]; records: Buffer[] } {
  const size = 1 + Math.floor(Math.random() * 20);
  const ids = Array.from({ length: size }, () => `${run}-${n++}`);
  return { ids, records: ids.map((id) => Buffer.from(JSON.stringify({ event_id: id, pad }))) };
}

for (;;) {
  const a = batch();
  const b = batch();
  const appendedA = queue.append(a.records);
  const appendedB = queue.append(b.records);
  await appendedA;
  process.stdout.write(`${a.ids.join('\n')}\n`);
  await appendedB;
  process.stdout.write(`${b.ids.join('\n')}\n`);
}
