/**
 * What every SIEM's setup files share: the options (the sample events' options, the record format,
 * the product identity), the events with their records as the runtime encodes them, and the file
 * map a CLI writes. Each SIEM's folder (sentinel/, splunk/, elastic/, datadog/, sumo/) turns them
 * into its own files; `SAMPLE_TARGETS` lists them.
 */
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import type { ProductIdentity } from '../mappers/product.js';
import type { RenderedQuery } from './queries/starter.js';
import type { SampleEventOptions } from './events.js';
import { DEFAULT_SAMPLE_NOW, sampleEvents } from './events.js';
import type { SampleFormat } from './records.js';
import { encodeSamples } from './records.js';

export interface SampleTargetOptions extends SampleEventOptions {
  readonly format: SampleFormat;
  readonly product?: ProductIdentity;
}

export interface SampleFiles {
  /** File name -> content. */
  readonly files: Readonly<Record<string, string>>;
}

/** Pretty JSON with a final newline, as every generated JSON file is written. */
export const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;

/** The sample events and, index for index, their records in `format` as the runtime's record encoder writes them. */
export function sampleBatch(options: SampleTargetOptions): { events: CanonicalEvent[]; records: string[] } {
  const events = sampleEvents(options);
  return { events, records: encodeSamples(events, options.format, options.product) };
}

/** The instant the samples count back from, in epoch ms (the clock of encoders that age events). */
export function sampleNowMs(options: SampleEventOptions): number {
  return Date.parse(options.now ?? DEFAULT_SAMPLE_NOW);
}

/** The starter queries as README sections, each in a fenced block of `fence`'s language; time range and grouping beside it when the language keeps them apart. */
export function markdownQueries(queries: readonly RenderedQuery[], fence: string): string {
  return queries
    .map((q) => {
      const beside = [q.timeRange !== undefined ? `time range \`${q.timeRange}\`` : '', q.groupBy !== undefined ? `group by ${q.groupBy.map((g) => `\`${g}\``).join(', ')}` : ''].filter((x) => x !== '');
      return `### ${q.title}\n\n\`\`\`${fence}\n${q.query}\n\`\`\`\n${beside.length > 0 ? `\n${beside.join('; ')}.\n` : ''}`;
    })
    .join('\n');
}

/** JSON type names as the field lists give them. */
export type LeafType = 'string' | 'integer' | 'number' | 'boolean';

/** Every leaf path of the records (dotted; array elements under their array's path) with the JSON types seen there, sorted by path. */
export function recordLeaves(records: readonly unknown[]): Map<string, Set<LeafType>> {
  const out = new Map<string, Set<LeafType>>();
  const visit = (v: unknown, path: string): void => {
    if (Array.isArray(v)) for (const x of v) visit(x, path);
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, path === '' ? k : `${path}.${k}`);
    else if (v !== null && v !== undefined) {
      const t: LeafType = typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v === 'boolean' ? 'boolean' : 'string';
      const seen = out.get(path) ?? new Set<LeafType>();
      seen.add(t);
      out.set(path, seen);
    }
  };
  for (const r of records) visit(r, '');
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The ids of the queries naming each field. */
export function queriesByField(queries: readonly RenderedQuery[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const q of queries) for (const f of q.fields) out.set(f, [...(out.get(f) ?? []), q.id]);
  return out;
}
