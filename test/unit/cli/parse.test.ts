/**
 * `siemkit parse --from cef|leef|syslog5424|syslog3164 [--framing lf|octet-counting]`: wire-format
 * messages back to canonical NDJSON, checked against `siemkit convert --to ...` of the same events
 * (the round trip DESIGN.md §3 promises). A bad message is reported as `event N: /: parse_failed:`
 * with the parser's offset and reason, and never costs the messages around it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LINE_SOURCES } from '../../../src/cli/parse.js';
import { cli } from '../../helpers/cli.js';
import { REPO_ROOT } from '../../helpers/paths.js';

const events = readFileSync(path.join(REPO_ROOT, 'examples', 'canonical', 'events.ndjson'), 'utf8');
const canonical = events
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { event_id: string });
const tmp = mkdtempSync(path.join(tmpdir(), 'siemkit-parse-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A message no parser of these formats takes. */
const GARBAGE = 'this is not a security event';

async function converted(to: string): Promise<string[]> {
  const r = await cli(['convert', '--to', to, '--vendor', 'Acme', '--product', 'ScaiDrive', '--product-version', '1.4.2', '--hostname', 'host-1', '-'], events);
  expect(r.code).toBe(0);
  return r.stdout.trimEnd().split('\n');
}

/** RFC 6587 §3.4.1 octet counting: `MSG-LEN SP SYSLOG-MSG`, MSG-LEN in bytes. */
function octetCounted(messages: readonly string[]): string {
  return messages.map((m) => `${Buffer.byteLength(m, 'utf8')} ${m}`).join('');
}

const parsedLines = (stdout: string): unknown[] =>
  stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as unknown);

describe.each(LINE_SOURCES)('siemkit parse --from %s', (format) => {
  it('gives back every event `siemkit convert` wrote, one per line, from a file and from stdin', async () => {
    const lines = await converted(format);
    expect(lines).toHaveLength(canonical.length);
    const file = path.join(tmp, `${format}.txt`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = await cli(['parse', '--from', format, file]);
    expect(r.stderr).toMatch(new RegExp(`^${canonical.length} of ${canonical.length} records parsed from ${format.toUpperCase()}$`, 'm'));
    expect(r.code).toBe(0);
    expect(parsedLines(r.stdout)).toEqual(canonical);
    const stdin = await cli(['parse', '--from', format, '--framing', 'lf', '-'], `${lines.join('\r\n')}\r\n`);
    expect(stdin.code).toBe(0);
    expect(parsedLines(stdin.stdout)).toEqual(canonical);
  });

  it('reads RFC 6587 octet-counted frames with --framing octet-counting', async () => {
    const lines = await converted(format);
    const r = await cli(['parse', '--from', format, '--framing', 'octet-counting', '-'], octetCounted(lines));
    expect(r.code).toBe(0);
    expect(parsedLines(r.stdout)).toEqual(canonical);
  });

  it('reports a bad message by number, offset and reason, and still parses the others', async () => {
    const lines = await converted(format);
    const input = [lines[0], GARBAGE, lines[1], lines[2]] as string[];
    for (const [framing, text] of [
      ['lf', `${input.join('\n')}\n`],
      ['octet-counting', octetCounted(input)],
    ] as const) {
      const r = await cli(['parse', '--from', format, '--framing', framing, '-'], text);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^event 2: /: parse_failed: ${format}: at offset \\d+: \\S.*$`, 'm'));
      expect(r.stderr).not.toMatch(/^event [134]:/m);
      expect(r.stderr).toMatch(new RegExp(`^3 of 4 records parsed from ${format.toUpperCase()}$`, 'm'));
      expect(parsedLines(r.stdout)).toEqual(canonical.slice(0, 3));
    }
  });
});

describe('siemkit parse framing and usage errors', () => {
  it('reports a broken octet-counted frame with its byte offset, after the frames before it', async () => {
    const lines = await converted('syslog5424');
    const good = octetCounted(lines.slice(0, 2));
    // The third frame says its length is 12, then holds an x where the space must be (offset +2).
    const r = await cli(['parse', '--from', 'syslog5424', '--framing', 'octet-counting', '-'], `${good}12x <13>1 bad`);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^event 3: /: parse_failed: framing: at offset ${Buffer.byteLength(good) + 2}: expected a space after MSG-LEN`, 'm'));
    expect(parsedLines(r.stdout)).toEqual(canonical.slice(0, 2));
  });

  it('reports a frame cut short at the end of the input', async () => {
    const lines = await converted('cef');
    const r = await cli(['parse', '--from', 'cef', '--framing', 'octet-counting', '-'], `${octetCounted(lines.slice(0, 1))}500 CEF:0|cut`);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^event 2: \/: parse_failed: framing: at offset \d+: /m);
    expect(parsedLines(r.stdout)).toEqual(canonical.slice(0, 1));
  });

  it('exits 1 on an empty input: nothing was parsed', async () => {
    const r = await cli(['parse', '--from', 'leef', '-'], '');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^0 of 0 records parsed from LEEF$/m);
  });

  it('exits 2 for an unknown --from or --framing', async () => {
    const from = await cli(['parse', '--from', 'xml', '-'], '');
    expect(from.code).toBe(2);
    expect(from.stderr).toMatch(/argument 'xml' is invalid/);
    const framing = await cli(['parse', '--from', 'cef', '--framing', 'nul', '-'], '');
    expect(framing.code).toBe(2);
    expect(framing.stderr).toMatch(/Allowed choices are lf, octet-counting/);
  });
});
