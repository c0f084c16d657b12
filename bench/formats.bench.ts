/**
 * The wire formats (issue 4): encode and parse for CEF, LEEF, RFC 5424 (JSON, CEF and LEEF
 * bodies) and RFC 3164, in events/s and as a ratio to `JSON.stringify` of the canonical event in
 * the same run, over the built-in event types (test/golden/canonical-events.ts). Side by side with
 * the libraries users would pick instead: glossy (an RFC 5424 producer, given the same header,
 * structured data and JSON body) and nsyslog-parser (a CEF and RFC 5424 parser, given our lines).
 * Targets: CEF and LEEF encoders >= 1.0, RFC 5424 with the JSON body >= 0.8, every parser >= 0.5;
 * faster than glossy, and at least 3x nsyslog-parser. Beside the CEF and LEEF encoders is the
 * least any lossless encoder of those formats does (keyvalue-floor.ts: the same lines, written
 * by hand for the golden events' shape only, every corner cut), the yardstick for their target;
 * and under the RFC 5424 encoder, the two parts of its line no header trick can skip: its
 * STRUCTURED-DATA and the body's `JSON.stringify`.
 * The parse group also times what every parser of a JSON body must do at the least, `JSON.parse`
 * of the body (as cut from our RFC 3164 lines) and `validateEvent` of the result: the floor under
 * the syslog parsers, header aside. nsyslog-parser reads a line's grammar and makes no event of
 * it, so beside it are also `readCef` and `readRfc5424`, ours at the same depth (header, extension
 * or STRUCTURED-DATA, MSG as text); the ratios to it are printed for both depths.
 *
 *   npx tsx bench/formats.bench.ts
 */
import { Produce } from 'glossy';
import nsyslog from 'nsyslog-parser';
import type { CanonicalEvent } from '../schemas/canonical/event.js';
import { encodeCef, parseCef, readCef } from '../src/formats/cef/index.js';
import { encodeLeef, parseLeef } from '../src/formats/leef/index.js';
import { createRfc3164Encoder, createRfc5424Encoder, parseRfc3164, parseRfc5424, readRfc5424, SYSLOG_SEVERITY } from '../src/formats/syslog/index.js';
import { DEFAULT_ENTERPRISE_NUMBER, encodeStructuredData, structuredDataId, structuredDataParams } from '../src/formats/syslog/structured-data.js';
import { validateEvent } from '../src/validate/canonical.js';
import { GOLDEN_EVENTS } from '../test/golden/canonical-events.js';
import { bench } from './harness.js';
import { checkFloors, floorCef, floorLeef } from './keyvalue-floor.js';

const product = { vendor: 'Acme', name: 'ScaiDrive', version: '1.4.2' };
const events: readonly CanonicalEvent[] = GOLDEN_EVENTS;
const n = events.length;
let i = 0;
const next = (): CanonicalEvent => events[i++ % n] as CanonicalEvent;

const syslog = { product, hostname: 'forwarder-01.acme.example' };
const rfc5424 = createRfc5424Encoder(syslog);
const rfc5424Cef = createRfc5424Encoder({ ...syslog, body: 'cef' });
const rfc5424Leef = createRfc5424Encoder({ ...syslog, body: 'leef' });
const rfc3164 = createRfc3164Encoder(syslog);

const lines = {
  cef: events.map((e) => encodeCef(e, { product })),
  leef: events.map((e) => encodeLeef(e, { product })),
  rfc5424: events.map((e) => rfc5424(e)),
  rfc3164: events.map((e) => rfc3164(e)),
};
let j = 0;
const line = (of: readonly string[]): string => of[j++ % n] as string;
/** The JSON bodies of the RFC 3164 lines, cut from them as the parser cuts them. */
const bodies = lines.rfc3164.map((l) => l.slice(l.indexOf(': ') + 2));
if (!bodies.every((b) => validateEvent(JSON.parse(b)).valid)) throw new Error('an RFC 3164 body was not cut whole');

checkFloors(events);

const sdId = structuredDataId(DEFAULT_ENTERPRISE_NUMBER);
const glossy = new Produce({ type: 'RFC5424', appName: product.name, host: syslog.hostname });
const SEVERITY_NAMES = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'];

const baseline = { name: 'JSON.stringify(event)', run: () => JSON.stringify(next()) };

bench('encode: canonical event -> one line', baseline, [
  { name: 'encodeCef', run: () => encodeCef(next(), { product }) },
  { name: 'encodeLeef', run: () => encodeLeef(next(), { product }) },
  { name: 'CEF at the least (keyvalue-floor.ts)', run: () => floorCef(next()) },
  { name: 'LEEF at the least (keyvalue-floor.ts)', run: () => floorLeef(next()) },
  { name: 'RFC 5424, JSON body', run: () => rfc5424(next()) },
  {
    name: 'its STRUCTURED-DATA and JSON.stringify alone',
    run: () => {
      const e = next();
      return `${encodeStructuredData(e, sdId)} ${JSON.stringify(e)}`;
    },
  },
  { name: 'RFC 5424, CEF body', run: () => rfc5424Cef(next()) },
  { name: 'RFC 5424, LEEF body', run: () => rfc5424Leef(next()) },
  { name: 'RFC 3164, JSON body', run: () => rfc3164(next()) },
  {
    name: 'glossy RFC 5424 (same header, SD, JSON body)',
    run: () => {
      const e = next();
      return glossy.produce({
        facility: 'audit',
        severity: SEVERITY_NAMES[SYSLOG_SEVERITY[e.severity]],
        msgID: e.action,
        date: new Date(e.timestamp),
        structuredData: { 'siemkit@32473': Object.fromEntries(structuredDataParams(e)) },
        message: JSON.stringify(e),
      });
    },
  },
]);

const parses = bench('parse: one line -> canonical event (validated)', baseline, [
  { name: 'parseCef', run: () => parseCef(line(lines.cef)) },
  { name: 'parseLeef', run: () => parseLeef(line(lines.leef)) },
  { name: 'parseRfc5424 (JSON body)', run: () => parseRfc5424(line(lines.rfc5424)) },
  { name: 'parseRfc3164 (JSON body)', run: () => parseRfc3164(line(lines.rfc3164)) },
  { name: 'JSON.parse + validateEvent of a body alone', run: () => validateEvent(JSON.parse(line(bodies))) },
  { name: 'nsyslog-parser, our CEF line', run: () => nsyslog(line(lines.cef)) },
  { name: 'nsyslog-parser, our RFC 5424 line', run: () => nsyslog(line(lines.rfc5424)) },
  { name: 'readCef (the grammar only, as nsyslog-parser)', run: () => readCef(line(lines.cef)) },
  { name: 'readRfc5424 (the grammar only, as nsyslog-parser)', run: () => readRfc5424(line(lines.rfc5424)) },
]);

// nsyslog-parser reads the grammar (header, extension or SD, MSG as text) and makes no event of
// it; our parse functions also decode the body or the rest, build the event and validate it. Both
// comparisons, the target being 3x.
const rate = (name: string): number => parses.find((r) => r.name === name)?.eventsPerSecond ?? Number.NaN;
const times = (ours: string, theirs: string): string => `${(rate(ours) / rate(theirs)).toFixed(1)}x`;
console.log(`  ÷ nsyslog-parser, CEF: parseCef ${times('parseCef', 'nsyslog-parser, our CEF line')}, readCef ${times('readCef (the grammar only, as nsyslog-parser)', 'nsyslog-parser, our CEF line')}`);
console.log(`  ÷ nsyslog-parser, RFC 5424: parseRfc5424 ${times('parseRfc5424 (JSON body)', 'nsyslog-parser, our RFC 5424 line')}, readRfc5424 ${times('readRfc5424 (the grammar only, as nsyslog-parser)', 'nsyslog-parser, our RFC 5424 line')}`);
