/**
 * `siemkit preview --config FILE --destination NAME [FILE|-]`: prints what the destination would
 * put on the wire for these events (default: one synthetic test event), cut into the batches the
 * runtime would make, without sending anything or asking for a token. HTTP requests are printed
 * as method, URL, headers and body (secrets as `***`; a gzip body before compression, with a note);
 * syslog and file destinations as the bytes they would write. Invalid events are reported on
 * stderr as `event N: /path: code: message` and left out. Exit 0 when every event was previewed,
 * 1 when some were invalid or could not be encoded, 2 for a bad configuration or name.
 */
import type { Command } from 'commander';
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import { effectiveLimits, planBatches } from '../delivery/batcher.js';
import { TEST_TENANT, testEvent } from '../delivery/test-event.js';
import type { WirePreview } from '../destinations/destination.js';
import { validateEvent } from '../validate/canonical.js';
import { eachRecord } from './input.js';
import type { CliIo } from './io.js';
import { openNamedDestination } from './named-destination.js';

export interface PreviewOptions {
  readonly config: string;
  readonly destination: string;
}

function describe(p: WirePreview, index: number, total: number): string {
  const head = `# ${index + 1} of ${total}: `;
  if (p.kind === 'http') {
    const headers = Object.entries(p.headers).map(([k, v]) => `${k}: ${v}\n`).join('');
    const note = p.gzip ? `# the body below is sent gzip-compressed (Content-Encoding: gzip); shown before compression, ${p.body.length} bytes\n` : '';
    return `${head}HTTP request\n${note}${p.method} ${p.url}\n${headers}\n`;
  }
  const note = p.gzip === true ? ', written as one gzip member' : '';
  return `${head}${p.bytes.length} bytes to ${p.to} (${p.kind}${note})\n`;
}

export async function runPreview(file: string | undefined, options: PreviewOptions, io: CliIo): Promise<number> {
  const opened = openNamedDestination(options, io);
  if (opened === 2) return 2;
  const { dc, destination, redactor } = opened;
  try {
    const events: CanonicalEvent[] = [];
    let failed = 0;
    if (file === undefined) events.push(testEvent(dc.name, dc.tenants?.[0] ?? TEST_TENANT, Date.now()));
    else {
      ({ failed } = await eachRecord(file, io, (value, index) => {
        const result = validateEvent(value);
        if (!result.valid) {
          for (const f of result.errors) io.stderr.write(`event ${index}: ${f.path || '/'}: ${f.code}: ${f.message}\n`);
          return false;
        }
        events.push(value as CanonicalEvent);
        return true;
      }));
    }
    const items: { event: CanonicalEvent; record: string; bytes: number }[] = [];
    for (const event of events) {
      try {
        const record = destination.encode(event);
        items.push({ event, record, bytes: Buffer.byteLength(record) });
      } catch (err) {
        failed++;
        io.stderr.write(`event ${event.event_id}: cannot be encoded for ${dc.name}: ${redactor.redactMessage((err as Error).message)}\n`);
      }
    }
    const plan = planBatches(items, effectiveLimits(destination.limits, dc.batch));
    for (const o of plan.oversize) {
      failed++;
      io.stderr.write(`event ${o.event.event_id}: ${o.bytes} bytes, over the ${dc.name} batch limit; the runtime would dead-letter it\n`);
    }
    const previews: WirePreview[] = [];
    for (const batch of plan.batches) previews.push(...(await destination.preview({ records: batch.map((i) => i.record), events: batch.map((i) => i.event) })));
    previews.forEach((p, i) => {
      io.stdout.write(describe(p, i, previews.length));
      const bytes = p.kind === 'http' ? p.body : p.bytes;
      io.stdout.write(redactor.redact(bytes.toString('utf8')));
      io.stdout.write('\n');
    });
    if (previews.length === 0) io.stdout.write(`# ${dc.name} (${dc.type}) sends nothing anywhere\n`);
    return failed === 0 ? 0 : 1;
  } finally {
    await destination.close();
  }
}

export function registerPreview(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command('preview')
    .description('print the exact requests or bytes a destination would send for events, without sending')
    .argument('[file]', 'canonical events (NDJSON or a JSON array), or - for stdin; default: one test event')
    .requiredOption('--config <file>', 'configuration file (YAML or JSON)')
    .requiredOption('--destination <name>', 'destination name')
    .action(async (file: string | undefined, opts: PreviewOptions) => exit(await runPreview(file, opts, io)));
}
