/**
 * Reads the records a command works on: NDJSON (one JSON value per line) or one JSON array, from
 * a file or standard input (`-`). A line that is not JSON is reported as that record's error and
 * the others are still read, so one bad line never hides the rest.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** One input record: its 1-based number and either the parsed value or why it could not be parsed. */
export type InputRecord = { readonly index: number; readonly value: unknown; readonly error?: undefined } | { readonly index: number; readonly value?: undefined; readonly error: string };

function openInput(file: string | undefined, stdin: Readable): Readable {
  return file === undefined || file === '-' ? stdin : createReadStream(file, { encoding: 'utf8' });
}

function parse(index: number, text: string): InputRecord {
  try {
    return { index, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { index, error: `not valid JSON: ${(err as Error).message}` };
  }
}

/**
 * Yields the records of a file or of stdin. A document whose first non-blank character is `[` is
 * read whole as one JSON array (each element a record); anything else is read line by line.
 */
export async function* readRecords(file: string | undefined, stdin: Readable = process.stdin): AsyncGenerator<InputRecord> {
  const input = openInput(file, stdin);
  input.setEncoding?.('utf8');
  const lines = createInterface({ input, crlfDelay: Infinity });
  let index = 0;
  let arrayText: string[] | undefined;
  for await (const line of lines) {
    if (arrayText !== undefined) {
      arrayText.push(line);
      continue;
    }
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (index === 0 && trimmed.startsWith('[')) {
      arrayText = [line];
      continue;
    }
    index += 1;
    yield parse(index, trimmed);
  }
  if (arrayText === undefined) return;
  const whole = parse(1, arrayText.join('\n'));
  if (whole.error !== undefined) {
    yield whole;
    return;
  }
  if (!Array.isArray(whole.value)) {
    yield { index: 1, error: 'expected a JSON array or NDJSON' };
    return;
  }
  for (let i = 0; i < whole.value.length; i++) yield { index: i + 1, value: whole.value[i] };
}

/**
 * Runs `handle` on every readable record and reports each unreadable one on stderr as
 * `event N: /: json_invalid: reason`. `handle` returns false when it reported the record as
 * failed. Resolves to how many records there were and how many failed.
 */
export async function eachRecord(
  file: string | undefined,
  io: { readonly stdin: Readable; readonly stderr: NodeJS.WritableStream },
  handle: (value: unknown, index: number) => boolean,
): Promise<{ total: number; failed: number }> {
  let total = 0;
  let failed = 0;
  for await (const record of readRecords(file, io.stdin)) {
    total += 1;
    if (record.error !== undefined) {
      failed += 1;
      io.stderr.write(`event ${record.index}: /: json_invalid: ${record.error}\n`);
    } else if (!handle(record.value, record.index)) failed += 1;
  }
  return { total, failed };
}
