/**
 * Newline-separated bodies (Sumo Logic HTTP sources, the Cortex XSIAM HTTP collector): one record
 * per line. Records are single lines by the record formats' contract (src/formats/record-format.ts:
 * JSON escapes its newlines, CEF writes `\n`, syslog lines have none); a record that still holds a
 * line break would be read as two events, so it is refused, never cut.
 */
import { PermanentError } from '../errors.js';
import { joinUtf8 } from './utf8-join.js';

/** The records, one per line, `\n` between them (no line ending after the last). */
export function frameLines(records: readonly string[]): string {
  return records.join('\n');
}

/** The UTF-8 bytes of `frameLines(records)`, written record by record (utf8-join.ts): a request body. */
export function frameLinesUtf8(records: readonly string[]): Buffer {
  return joinUtf8(records, '\n');
}

/** `record`, or a `PermanentError` when it holds a CR or LF. */
export function oneLine(destination: string, record: string): string {
  if (/[\r\n]/.test(record)) throw new PermanentError(`${destination}: the record holds a line break, and this destination reads one event per line`, 'multiline');
  return record;
}
