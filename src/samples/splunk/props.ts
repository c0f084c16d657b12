/**
 * `props.conf` for the sourcetype siemkit's `splunk_hec` destination sends (`siemkit:<format>`).
 *
 * - `KV_MODE = json`: fields are extracted at search time from the JSON event, under the dotted
 *   names the starter queries use. `INDEXED_EXTRACTIONS` stays unset: it applies to file and /raw
 *   inputs, and set beside `KV_MODE = json` it extracts every field twice.
 * - `_time`: on `/services/collector/event` the envelope's `time` sets it (wire-protocols.md §1.3)
 *   and no timestamp is read from the event. With `endpoint_target: raw` Splunk reads the record
 *   itself (§1.4): `TIME_PREFIX`/`TIME_FORMAT` point at the format's own time member.
 * - One record per line on /raw (`LINE_BREAKER`, no line merging), and a `TRUNCATE` above the
 *   largest record the destination sends by default instead of Splunk's 10,000 bytes (§1.7).
 */
import { DEFAULT_MAX_BYTES } from '../../destinations/splunk-hec/config.js';
import type { SampleFormat } from '../records.js';

interface TimeRule {
  readonly prefix: string;
  readonly format: string;
  readonly lookahead: number;
  readonly what: string;
}

/** Where each format keeps its time on a raw line: OCSF `time` in epoch ms, ECS and canonical RFC 3339 text. */
const TIME: Readonly<Record<SampleFormat, TimeRule>> = {
  ocsf: { prefix: String.raw`"time":\s*`, format: '%s%3N', lookahead: 13, what: 'OCSF `time`, epoch milliseconds' },
  ecs: { prefix: String.raw`"@timestamp":\s*"`, format: '%Y-%m-%dT%H:%M:%S.%3N%Z', lookahead: 30, what: 'ECS `@timestamp`, RFC 3339' },
  canonical: { prefix: String.raw`"timestamp":\s*"`, format: '%Y-%m-%dT%H:%M:%S.%3N%Z', lookahead: 30, what: 'canonical `timestamp`, RFC 3339' },
};

/** The default sourcetype of a format, as the destination chooses it. */
export const splunkSourcetype = (format: SampleFormat): string => `siemkit:${format}`;

export function propsConf(format: SampleFormat, sourcetype: string): string {
  const t = TIME[format];
  return `# Written by \`siemkit samples --for splunk --format ${format}\`. Install in an app's local/props.conf
# on the indexers (or Splunk Cloud: Settings > Source types) and on the search heads.
[${sourcetype}]
description = siemkit ${format} events (JSON), from siemkit's splunk_hec destination
category = Structured
# Search time: the JSON event's fields, under dotted names (actor.user.uid). INDEXED_EXTRACTIONS
# stays unset: with KV_MODE = json it would extract every field twice.
KV_MODE = json
AUTO_KV_JSON = true
# /services/collector/event: _time is the envelope's "time" (the event's own time).
# endpoint_target: raw: one record per line, _time read from the ${t.what}.
SHOULD_LINEMERGE = false
LINE_BREAKER = ([\\r\\n]+)
TIME_PREFIX = ${t.prefix}
TIME_FORMAT = ${t.format}
MAX_TIMESTAMP_LOOKAHEAD = ${t.lookahead}
# Splunk's default (10000) would cut a large record; this is the destination's default request size.
TRUNCATE = ${DEFAULT_MAX_BYTES}
`;
}
