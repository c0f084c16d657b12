/**
 * `siemkit samples --for splunk|elastic|datadog|sumo` (issue 7): the sample payloads are what the
 * destinations send (their own `preview` gives the same bytes) and what the loopback vendor
 * receivers (test/helpers/receivers/) accept; the dashboard parses back with every SPL query; the
 * index template maps every field of the sample documents with a compatible type; every field a
 * starter query names is in the payload each SIEM receives.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import { createDatadogDestination } from '../../../src/destinations/datadog/destination.js';
import type { Destination } from '../../../src/destinations/destination.js';
import { ELASTIC_DESTINATION_TYPE } from '../../../src/destinations/elastic/destination.js';
import { SPLUNK_HEC_DESTINATION_TYPE } from '../../../src/destinations/splunk-hec/destination.js';
import { SUMO_DESTINATION_TYPE } from '../../../src/destinations/sumo/destination.js';
import { recordFormat } from '../../../src/formats/record-format.js';
import { datadogFiles, SAMPLE_HOSTNAME } from '../../../src/samples/datadog/index.js';
import type { EsProperty } from '../../../src/samples/elastic/index.js';
import { elasticFiles, elasticNames } from '../../../src/samples/elastic/index.js';
import { DEFAULT_SAMPLE_NOW, sampleEvents } from '../../../src/samples/events.js';
import { renderAll, renderDatadog, renderEsql, renderSpl, renderSumo } from '../../../src/samples/queries/render.js';
import type { RenderedQuery } from '../../../src/samples/queries/starter.js';
import { STARTER_QUERIES } from '../../../src/samples/queries/starter.js';
import { SAMPLE_FORMATS, SAMPLE_PRODUCT } from '../../../src/samples/records.js';
import type { SampleFormat } from '../../../src/samples/records.js';
import { splunkFiles, splunkSourcetype } from '../../../src/samples/splunk/index.js';
import { sumoCategory, sumoFiles } from '../../../src/samples/sumo/index.js';
import { SAMPLE_TARGET_NAMES } from '../../../src/samples/targets.js';
import { cli } from '../../helpers/cli.js';
import { startDatadogReceiver } from '../../helpers/receivers/datadog.js';
import { startElasticReceiver } from '../../helpers/receivers/elastic.js';
import { splitConcatenatedJson, start as startHecReceiver } from '../../helpers/receivers/splunk-hec.js';
import { startSumoReceiver } from '../../helpers/receivers/sumo.js';

const NOW_MS = Date.parse(DEFAULT_SAMPLE_NOW);
const events: CanonicalEvent[] = sampleEvents();

function get(record: unknown, dotted: string): unknown[] {
  // Arrays are walked through: a field is present when any element has it.
  let at: unknown[] = [record];
  for (const part of dotted.split('.')) {
    at = at.flatMap((v) => (Array.isArray(v) ? v : [v])).flatMap((v) => (v !== null && typeof v === 'object' && part in v ? [(v as Record<string, unknown>)[part]] : []));
  }
  return at.flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v) => v !== undefined && v !== null);
}

/** Every query field is in at least one of the documents the SIEM receives. */
function expectFieldsIn(queries: readonly RenderedQuery[], docs: readonly unknown[], strip: (f: string) => string = (f) => f): void {
  expect(queries.map((q) => q.id)).toEqual(STARTER_QUERIES.map((q) => q.id));
  for (const q of queries) for (const f of q.fields) expect(docs.some((d) => get(d, strip(f)).length > 0), `${q.id}: ${f}`).toBe(true);
}

/** The body the destination itself would send for the sample events. */
async function previewBody(destination: Destination): Promise<string> {
  try {
    const records = events.map((e) => destination.encode(e));
    const [preview] = await destination.preview({ records, events });
    if (preview?.kind !== 'http') throw new Error('not an HTTP preview');
    return preview.body.toString('utf8');
  } finally {
    await destination.close();
  }
}

function context(format: SampleFormat, name: string) {
  return { name, format, encode: (recordFormat(format) as NonNullable<ReturnType<typeof recordFormat>>).encoder({ product: SAMPLE_PRODUCT }), dataDir: tmpdir() };
}

const post = (url: string, body: string, headers: Record<string, string>): Promise<Response> => fetch(url, { method: 'POST', body, headers });

describe.each(SAMPLE_FORMATS)('splunk, %s', (format) => {
  const { files } = splunkFiles({ format });
  const hec = files['sample-hec.json'] as string;

  it('sample-hec.json is the splunk_hec destination\'s body, and the HEC receiver takes every event', async () => {
    expect(hec).toBe(await previewBody(SPLUNK_HEC_DESTINATION_TYPE.create({ endpoint: 'http://127.0.0.1:1', token: 't' }, context(format, 'splunk'))));
    const envelopes = splitConcatenatedJson(hec);
    expect(envelopes.errorAt).toBeUndefined();
    expect(envelopes.objects).toHaveLength(events.length);
    const receiver = await startHecReceiver();
    try {
      const answer = await post(`${receiver.url}/services/collector/event`, hec, { authorization: `Splunk ${receiver.token}`, 'content-type': 'application/json' });
      expect(answer.status, await answer.text()).toBe(200);
      expect(receiver.events).toHaveLength(events.length);
      expect(receiver.events.every((e) => e.sourcetype === splunkSourcetype(format) && typeof e.time === 'number')).toBe(true);
      expectFieldsIn(JSON.parse(files['queries.json'] as string) as RenderedQuery[], receiver.events.map((e) => e.event));
    } finally {
      await receiver.close();
    }
  });

  it('dashboard.xml parses back and holds every SPL query, with its time window', () => {
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, isArray: (name) => name === 'row' || name === 'option' }).parse(files['dashboard.xml'] as string) as {
      dashboard: { '@_version': string; row: { panel: { '@_id': string; title: string; table: { search: { query: string; earliest: string; latest: string } } } }[] };
    };
    expect(parsed.dashboard['@_version']).toBe('1.1');
    const spl = renderAll((q) => renderSpl(format, splunkSourcetype(format), q));
    expect(parsed.dashboard.row.map((r) => r.panel.table.search.query)).toEqual(spl.map((q) => q.query));
    expect(parsed.dashboard.row.map((r) => r.panel['@_id'])).toEqual(STARTER_QUERIES.map((q) => q.id));
    expect(parsed.dashboard.row.map((r) => r.panel.table.search.earliest)).toEqual(STARTER_QUERIES.map((q) => `-${q.window.amount}${q.window.unit}`));
    expect(files['dashboard.xml']).toContain('&quot;user.login&quot;');
  });

  it('props.conf: the sourcetype, JSON at search time, the format\'s time member on /raw', () => {
    const props = files['props.conf'] as string;
    expect(props).toContain(`[${splunkSourcetype(format)}]\n`);
    expect(props).toMatch(/^KV_MODE = json$/m);
    expect(props).not.toMatch(/^INDEXED_EXTRACTIONS/m);
    const prefix = new RegExp(/^TIME_PREFIX = (.*)$/m.exec(props)?.[1] as string);
    // The prefix finds the time in a raw record, and what follows is the format's time.
    const line = JSON.stringify(JSON.parse(splitConcatenatedJson(hec).objects[0] as string).event);
    const after = line.slice((prefix.exec(line)?.index ?? -1) + (prefix.exec(line)?.[0].length ?? 0));
    expect(format === 'ocsf' ? /^\d{13}/.test(after) : /^\d{4}-\d{2}-\d{2}T/.test(after), after.slice(0, 30)).toBe(true);
  });
});

/** Whether Elasticsearch maps this value under this property without a mapping error. */
function accepts(p: EsProperty, v: unknown): boolean {
  if (p.type === 'geo_point') return typeof v === 'string' || (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number')) || (v !== null && typeof v === 'object' && typeof (v as { lat?: unknown }).lat === 'number' && typeof (v as { lon?: unknown }).lon === 'number');
  if (Array.isArray(v)) return v.every((x) => accepts(p, x));
  if (v === null) return true;
  if (p.enabled === false) return true;
  switch (p.type) {
    case 'keyword':
    case 'constant_keyword':
    case 'wildcard':
    case 'match_only_text':
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
    case 'ip':
      return typeof v === 'string' && /^[0-9a-fA-F:.]+$/.test(v);
    case 'long':
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'double':
    case 'float':
    case 'scaled_float':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    case 'date':
      return p.format === 'epoch_millis' ? typeof v === 'number' && Number.isInteger(v) : typeof v === 'string' && !Number.isNaN(Date.parse(v));
    case 'flattened':
    case 'nested':
      return typeof v === 'object';
    default:
      // An object: explicit members must accept theirs; a dynamic one takes the rest.
      if (typeof v !== 'object') return false;
      return Object.entries(v as Record<string, unknown>).every(([k, x]) => {
        const child = p.properties?.[k];
        return child !== undefined ? accepts(child, x) : p.dynamic === true;
      });
  }
}

/** Whether a dotted field is mapped explicitly, or falls under a dynamic object. */
function mapped(properties: Readonly<Record<string, EsProperty>>, dotted: string): boolean {
  let level: Readonly<Record<string, EsProperty>> | undefined = properties;
  for (const part of dotted.split('.')) {
    const p: EsProperty | undefined = level?.[part];
    if (p === undefined) return false;
    if (p.dynamic === true && p.properties?.[part] === undefined) return true;
    level = p.properties;
  }
  return true;
}

describe.each(SAMPLE_FORMATS)('elastic, %s', (format) => {
  const { files } = elasticFiles({ format });
  const names = elasticNames(format);
  const template = JSON.parse(files['index-template.json'] as string) as { index_patterns: string[]; data_stream: object; priority: number; template: { settings: { index: { default_pipeline: string; mapping: { total_fields: { limit: number } } } }; mappings: { properties: Record<string, EsProperty>; date_detection: boolean } } };
  const sources = (files['sample.ndjson'] as string).trimEnd().split('\n').filter((_, i) => i % 2 === 1).map((l) => JSON.parse(l) as Record<string, unknown>);

  it('sample.ndjson is the elastic destination\'s bulk body, and the Elasticsearch receiver creates every document', async () => {
    expect(files['sample.ndjson']).toBe(await previewBody(ELASTIC_DESTINATION_TYPE.create({ endpoint: 'http://127.0.0.1:1', data_stream: names.dataStream }, context(format, 'elastic'))));
    const receiver = await startElasticReceiver();
    try {
      const answer = await post(`${receiver.url}/_bulk`, files['sample.ndjson'] as string, { 'content-type': 'application/x-ndjson' });
      const body = (await answer.json()) as { errors: boolean };
      expect(answer.status).toBe(200);
      expect(body.errors).toBe(false);
      expect(receiver.documents()).toHaveLength(events.length);
      expect(new Set(receiver.documents().map((d) => d.index))).toEqual(new Set([names.dataStream]));
    } finally {
      await receiver.close();
    }
  });

  it('index-template.json makes the samples\' data stream, and maps every field of every sample document with a compatible type', () => {
    expect(template.index_patterns).toEqual([names.pattern]);
    expect(new RegExp(`^${names.pattern.replace('*', '.*')}$`).test(names.dataStream)).toBe(true);
    expect(template.data_stream).toEqual({});
    expect(template.priority).toBeGreaterThan(100);
    expect(template.template.settings.index.default_pipeline).toBe(names.pipeline);
    expect(template.template.mappings.date_detection).toBe(false);
    const root: EsProperty = { properties: template.template.mappings.properties };
    for (const doc of sources) {
      for (const [k, v] of Object.entries(doc)) {
        const p = root.properties?.[k];
        expect(p, `${k} is not mapped`).toBeDefined();
        expect(accepts(p as EsProperty, v), `${k}: ${JSON.stringify(v).slice(0, 200)}`).toBe(true);
      }
    }
  });

  it('every ES|QL field is mapped, and is in the documents', () => {
    const queries = JSON.parse(files['queries.json'] as string) as RenderedQuery[];
    expect(queries).toEqual(renderAll((q) => renderEsql(format, names.pattern, q)));
    for (const q of queries) {
      expect(q.query.startsWith(`FROM ${names.pattern}\n`)).toBe(true);
      for (const f of q.fields) expect(mapped(template.template.mappings.properties, f), `${q.id}: ${f}`).toBe(true);
    }
    expectFieldsIn(queries, sources);
  });

  it('ingest-pipeline.json is a pipeline with a processor list', () => {
    const pipeline = JSON.parse(files['ingest-pipeline.json'] as string) as { description: string; processors: { set?: { field: string } }[] };
    expect(Array.isArray(pipeline.processors)).toBe(true);
    for (const p of pipeline.processors) if (p.set !== undefined) expect(mapped(template.template.mappings.properties, p.set.field), p.set.field).toBe(true);
  });
});

describe.each(SAMPLE_FORMATS)('datadog, %s', (format) => {
  const { files } = datadogFiles({ format });

  it('sample.json is the datadog destination\'s body, and the intake receiver takes every log', async () => {
    expect(files['sample.json']).toBe(await previewBody(createDatadogDestination({ api_key: 'k', endpoint: 'http://127.0.0.1:1', hostname: SAMPLE_HOSTNAME }, context(format, 'datadog'), { now: () => NOW_MS })));
    const receiver = await startDatadogReceiver();
    try {
      const answer = await post(`${receiver.url}/api/v2/logs`, files['sample.json'] as string, { 'dd-api-key': receiver.apiKey, 'content-type': 'application/json' });
      expect(answer.status).toBe(202);
      expect(receiver.logs).toHaveLength(events.length);
      const attributes = receiver.logs.map((l) => JSON.parse(l.message as string) as unknown);
      const queries = JSON.parse(files['queries.json'] as string) as RenderedQuery[];
      expect(queries).toEqual(renderAll((q) => renderDatadog(format, 'siemkit', q)));
      expectFieldsIn(queries, attributes);
    } finally {
      await receiver.close();
    }
  });

  it('facets.json declares every attribute a query searches, groups or sums, summed ones as measures', () => {
    const facets = JSON.parse(files['facets.json'] as string) as { path: string; kind: string; used_by: string[] }[];
    const byPath = new Map(facets.map((f) => [f.path, f]));
    for (const q of JSON.parse(files['queries.json'] as string) as RenderedQuery[]) {
      for (const f of q.fields) expect(byPath.get(`@${f}`)?.used_by, `${q.id}: @${f}`).toContain(q.id);
      for (const g of q.groupBy ?? []) if (g.startsWith('measure sum:')) expect(byPath.get(g.slice('measure sum:'.length))?.kind).toBe('measure');
    }
  });
});

describe.each(SAMPLE_FORMATS)('sumo, %s', (format) => {
  const { files } = sumoFiles({ format });

  it('sample.ndjson is the sumo destination\'s body, and the HTTP source receiver takes every message', async () => {
    expect(files['sample.ndjson']).toBe(await previewBody(SUMO_DESTINATION_TYPE.create({ url: 'http://127.0.0.1:1/receiver/v1/http/abc', gzip: false }, context(format, 'sumo'))));
    const receiver = await startSumoReceiver();
    try {
      const answer = await post(receiver.url, files['sample.ndjson'] as string, { 'x-sumo-category': sumoCategory(format) });
      expect(answer.status).toBe(200);
      expect(receiver.messages).toHaveLength(events.length);
      const queries = JSON.parse(files['queries.json'] as string) as RenderedQuery[];
      expect(queries).toEqual(renderAll((q) => renderSumo(format, sumoCategory(format), q)));
      expectFieldsIn(queries, receiver.messages.map((m) => JSON.parse(m.text) as unknown));
    } finally {
      await receiver.close();
    }
  });

  it('fields.json: a locator that finds the time, and an extraction rule naming every query field', () => {
    const fields = JSON.parse(files['fields.json'] as string) as { timestamp: { locator: string }; fieldExtractionRule: { parseExpression: string }; fields: { path: string; used_by: string[] }[] };
    const first = (files['sample.ndjson'] as string).split('\n')[0] as string;
    const time = new RegExp(fields.timestamp.locator).exec(first)?.[1];
    expect(time === undefined ? NaN : format === 'ocsf' ? Number(time) : Date.parse(time)).toBe(Date.parse(events[0]?.timestamp as string));
    for (const q of JSON.parse(files['queries.json'] as string) as RenderedQuery[]) {
      for (const f of q.fields) {
        expect(fields.fieldExtractionRule.parseExpression).toContain(JSON.stringify(f));
        expect(fields.fields.find((x) => x.path === f)?.used_by, f).toContain(q.id);
      }
    }
  });
});

describe('siemkit samples --for <every SIEM>', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const tmp = (): string => {
    const d = mkdtempSync(path.join(tmpdir(), 'siemkit-samples-'));
    dirs.push(d);
    return d;
  };

  it.each(SAMPLE_TARGET_NAMES.filter((t) => t !== 'sentinel'))('%s: byte-identical files for the same seed, different samples for another', async (target) => {
    const [a, b, c] = [tmp(), tmp(), tmp()];
    for (const [dir, seed] of [[a, 's1'], [b, 's1'], [c, 's2']] as const) {
      const run = await cli(['samples', '--for', target, '--out', dir, '--format', 'ecs', '--seed', seed, '--count', '1']);
      expect(run.code, run.stderr).toBe(0);
    }
    const written = readdirSync(a).sort();
    expect(written).toContain('README.md');
    expect(written).toContain('queries.json');
    for (const f of written) expect(readFileSync(path.join(b, f)).equals(readFileSync(path.join(a, f))), f).toBe(true);
    const sample = written.find((f) => f.startsWith('sample')) as string;
    expect(readFileSync(path.join(c, sample)).equals(readFileSync(path.join(a, sample)))).toBe(false);
  });
});
