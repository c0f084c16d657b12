/**
 * `siemkit parse --from ocsf|ecs|cef|leef|syslog5424|syslog3164 [FILE|-]`: records of another
 * format in, canonical events out. OCSF and ECS are JSON records (NDJSON or an array); the wire
 * formats are one message per line, or RFC 6587 octet-counted frames with `--framing octet-counting`.
 * A record that cannot be mapped back, or maps to an invalid canonical event, is reported on
 * stderr as `event N: /path: code: message` and skipped. Exit 0 only if every record parsed.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { Option } from 'commander';
import { fromEcs } from '../mappers/ecs/index.js';
import { fromOcsf } from '../mappers/ocsf/index.js';
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import { parseCef } from '../formats/cef/index.js';
import { OctetCountingDeframer } from '../formats/framing/index.js';
import { parseLeef } from '../formats/leef/index.js';
import type { ParseResult } from '../formats/parse-error.js';
import { ParseError } from '../formats/parse-error.js';
import { parseRfc3164, parseRfc5424 } from '../formats/syslog/index.js';
import { validateEvent } from '../validate/canonical.js';
import type { CliIo } from './io.js';
import { eachRecord } from './input.js';

/** JSON record formats, mapped back by the mappers; line formats, read by the strict parsers. */
export const JSON_SOURCES = ['ocsf', 'ecs'] as const;
export const LINE_SOURCES = ['cef', 'leef', 'syslog5424', 'syslog3164'] as const;
export const PARSE_SOURCES = [...JSON_SOURCES, ...LINE_SOURCES] as const;
export type ParseSource = (typeof PARSE_SOURCES)[number];
type LineSource = (typeof LINE_SOURCES)[number];

const LINE_PARSERS: Readonly<Record<LineSource, (line: string) => ParseResult<CanonicalEvent>>> = {
  cef: (l) => parseCef(l),
  leef: (l) => parseLeef(l),
  syslog5424: (l) => parseRfc5424(l),
  syslog3164: (l) => parseRfc3164(l),
};

function isLineSource(s: ParseSource): s is LineSource {
  return (LINE_SOURCES as readonly string[]).includes(s);
}

/** The messages of a file or stdin: one per line, or RFC 6587 octet-counted frames. */
async function* messages(file: string | undefined, io: CliIo, framing: 'lf' | 'octet-counting'): AsyncGenerator<string | ParseError> {
  const input = file === undefined || file === '-' ? io.stdin : createReadStream(file);
  if (framing === 'lf') {
    for await (const line of createInterface({ input, crlfDelay: Infinity })) if (line !== '') yield line;
    return;
  }
  const deframer = new OctetCountingDeframer();
  for await (const chunk of input as AsyncIterable<Buffer>) {
    for (const m of deframer.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)) yield m.toString('utf8');
    if (deframer.error !== undefined) break;
  }
  const end = deframer.error ?? deframer.end();
  if (end !== undefined) yield end;
}

async function runParseLines(file: string | undefined, from: LineSource, framing: 'lf' | 'octet-counting', io: CliIo): Promise<number> {
  const parse = LINE_PARSERS[from];
  let total = 0;
  let bad = 0;
  for await (const message of messages(file, io, framing)) {
    total++;
    const result = message instanceof ParseError ? { ok: false as const, error: message } : parse(message);
    if (result.ok) io.stdout.write(`${JSON.stringify(result.value)}\n`);
    else {
      bad++;
      io.stderr.write(`event ${total}: /: parse_failed: ${result.error.message}\n`);
    }
  }
  io.stderr.write(`${total - bad} of ${total} record${total === 1 ? '' : 's'} parsed from ${from.toUpperCase()}\n`);
  return bad === 0 && total > 0 ? 0 : 1;
}

const PARSERS: Readonly<Record<(typeof JSON_SOURCES)[number], (record: unknown) => unknown>> = {
  ocsf: (r) => fromOcsf(r),
  ecs: (r) => fromEcs(r),
};

/** A mapper's typed error carries the path of the field it could not map. */
function describe(err: unknown): { path: string; message: string } {
  const e = err as { path?: unknown; message?: unknown };
  return { path: typeof e.path === 'string' && e.path !== '' ? e.path : '/', message: typeof e.message === 'string' ? e.message : String(err) };
}

export async function runParse(file: string | undefined, options: { from: ParseSource; framing?: 'lf' | 'octet-counting' }, io: CliIo): Promise<number> {
  const from = options.from;
  if (isLineSource(from)) return runParseLines(file, from, options.framing ?? 'lf', io);
  const parse = PARSERS[from];
  const { total, failed } = await eachRecord(file, io, (value, index) => {
    let event: unknown;
    try {
      event = parse(value);
    } catch (err) {
      const { path, message } = describe(err);
      io.stderr.write(`event ${index}: ${path}: mapping_failed: ${message}\n`);
      return false;
    }
    const result = validateEvent(event);
    if (!result.valid) {
      for (const f of result.errors) io.stderr.write(`event ${index}: ${f.path || '/'}: ${f.code}: ${f.message} (in the canonical event parsed back)\n`);
      return false;
    }
    io.stdout.write(`${JSON.stringify(event)}\n`);
    return true;
  });
  io.stderr.write(`${total - failed} of ${total} record${total === 1 ? '' : 's'} parsed from ${options.from.toUpperCase()}\n`);
  return failed === 0 && total > 0 ? 0 : 1;
}

export function registerParse(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command('parse')
    .description('parse records of another format back into canonical events, one per line')
    .argument('[file]', 'input file, or - for stdin', '-')
    .addOption(new Option('--from <format>', 'source format').choices(PARSE_SOURCES).makeOptionMandatory())
    .addOption(new Option('--framing <framing>', 'how line-format messages are separated: one per line, or RFC 6587 octet counting').choices(['lf', 'octet-counting']).default('lf'))
    .action(async (file: string, opts: { from: ParseSource; framing: 'lf' | 'octet-counting' }) => exit(await runParse(file, opts, io)));
}
