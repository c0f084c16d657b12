/**
 * A loopback Elasticsearch `_bulk` endpoint for tests (wire-protocols.md §3), usable in your own:
 *
 *   const es = await startElasticReceiver({ apiKey: 'aWQ6a2V5' });
 *   // point an `elastic` destination at es.url, send, then:
 *   es.eventIds();                                  // the `_id`s of the documents created, in order
 *   es.failItem('evt_3', 'mapping');                // that document is refused 400 mapper_parsing_exception
 *   es.failItem('evt_4', 'rejected', 1);            // answered 429 es_rejected_execution_exception once
 *   es.fault({ status: 503, body: '...' });         // the next request answered as given
 *   await es.close();
 *
 * What it does as Elasticsearch does:
 *   - authentication: `Authorization: ApiKey <encoded>` or `Basic`, when configured; otherwise 401
 *     with a `security_exception` body and `WWW-Authenticate`;
 *   - `POST|PUT /_bulk` and `/{target}/_bulk` only (405, 400 "no handler found" otherwise);
 *     `Content-Type` must be JSON or NDJSON, plain or vendored (`application/vnd.elasticsearch+…;
 *     compatible-with=N`), else 406;
 *   - `Content-Encoding: gzip|deflate` decoded; a body over `http.max_content_length`
 *     (`maxContentLength`, default 100mb, measured decompressed) is 413;
 *   - strict NDJSON: the last line must end in `\n`, action lines must be JSON objects naming one
 *     of `index`, `create`, `update`, `delete` with known parameters, an action needs its source
 *     line, a target must be known: else 400 with the error object Elasticsearch sends
 *     (`illegal_argument_exception`, `x_content_parse_exception`, `action_request_validation_exception`);
 *   - items: `create` of an existing `_id` is 409 `version_conflict_engine_exception`; a source
 *     line that is not a JSON object is 400 `mapper_parsing_exception`; data streams (names matching
 *     `logs-*-*`, `metrics-*-*`, `traces-*-*`, or given in `dataStreams`) take `create` only and need
 *     `@timestamp`;
 *   - answers `200 {"took","errors","items"}` with items in request order, honouring `filter_path`,
 *     and `X-Elastic-Product: Elasticsearch` on every answer (the official client checks it).
 */
import type { VendorAnswer, VendorRequest, VendorServer } from './vendor-server.js';
import { startVendorServer } from './vendor-server.js';

export interface ElasticReceiverOptions {
  readonly port?: number;
  /** The `ApiKey` credentials accepted (base64 of `id:key`). */
  readonly apiKey?: string;
  /** The user accepted with Basic authentication. With neither, no authentication is asked. */
  readonly basic?: { readonly username: string; readonly password: string };
  /** `http.max_content_length` in bytes (default 104,857,600). */
  readonly maxContentLength?: number;
  /** More names that are data streams. */
  readonly dataStreams?: readonly string[];
}

export interface StoredDocument {
  readonly index: string;
  readonly id: string;
  readonly source: Record<string, unknown>;
}

/** An item failure: a preset, or the status and error Elasticsearch would give. */
export type ItemFault = 'mapping' | 'rejected' | 'unavailable' | { readonly status: number; readonly type: string; readonly reason: string };

export interface ElasticReceiver {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  readonly requests: VendorRequest[];
  /** Documents created, in order (a 409 adds nothing). */
  documents(): StoredDocument[];
  /** Their `_id`s. */
  eventIds(): string[];
  /** Items whose `_id` is `id` (or which `match`) fail with `fault`, `times` times (default: always). */
  failItem(id: string | ((doc: StoredDocument) => boolean), fault: ItemFault, times?: number): void;
  /** Answers for the next requests, before any checking. */
  fault(...answers: VendorAnswer[]): void;
  /** Forgets requests, documents and faults. */
  reset(): void;
  /** The vendor is unreachable: the port is closed and every connection destroyed. */
  down(): Promise<void>;
  /** Back on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_MAX_CONTENT_LENGTH = 104_857_600;
const DATA_STREAM_PATTERN = /^(logs|metrics|traces)-[^-]+-[^-]+$/;
const ACTIONS = new Set(['index', 'create', 'update', 'delete']);
/** Action parameters Elasticsearch 8 accepts (RestBulkAction / BulkRequestParser). */
const ACTION_PARAMETERS = new Set(['_index', '_id', 'routing', 'pipeline', 'version', 'version_type', 'if_seq_no', 'if_primary_term', 'retry_on_conflict', 'require_alias', 'require_data_stream', 'dynamic_templates', 'list_executed_pipelines', '_source']);
const CONTENT_TYPES = /^(application\/(x-ndjson|json)|application\/vnd\.elasticsearch\+(x-ndjson|json)\s*;\s*compatible-with=\d+)\s*(;\s*charset=utf-8)?$/i;

const PRESETS: Record<Exclude<ItemFault, object>, { status: number; type: string; reason: string }> = {
  mapping: { status: 400, type: 'mapper_parsing_exception', reason: "failed to parse field [severity_id] of type [long] in document. Preview of field's value: 'high'" },
  rejected: { status: 429, type: 'es_rejected_execution_exception', reason: 'rejected execution of coordinating operation [coordinating_and_primary_bytes=0, replica_bytes=0, all_bytes=0, coordinating_operation_bytes=1024, max_coordinating_and_primary_bytes=0]' },
  unavailable: { status: 503, type: 'unavailable_shards_exception', reason: '[siem][0] primary shard is not active Timeout: [1m]' },
};

/** The error object of a whole-request failure, as Elasticsearch writes it. */
function esError(status: number, type: string, reason: string, extra: Record<string, unknown> = {}): VendorAnswer {
  const cause = { type, reason, ...extra };
  return { status, body: { error: { root_cause: [cause], ...cause }, status } };
}

/** `filter_path` (Elasticsearch "Common options"): comma-separated dotted paths, `*` matching any one key. */
export function applyFilterPath(value: unknown, filterPath: string | null): unknown {
  if (filterPath === null || filterPath === '') return value;
  const patterns = filterPath.split(',').map((p) => p.trim().split('.'));
  return filter(value, patterns) ?? {};
}

function filter(value: unknown, patterns: readonly (readonly string[])[]): unknown {
  if (Array.isArray(value)) {
    const out = value.map((v) => filter(v, patterns)).filter((v) => v !== undefined);
    return out.length > 0 ? out : undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const matching = patterns.filter((p) => p[0] === '*' || p[0] === key);
    if (matching.length === 0) continue;
    if (matching.some((p) => p.length === 1)) {
      out[key] = v;
      continue;
    }
    const inner = filter(v, matching.map((p) => p.slice(1)));
    if (inner !== undefined) out[key] = inner;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

interface Parsed {
  readonly action: string;
  readonly index: string;
  readonly id: string | undefined;
  /** The source line's text (absent for `delete`). */
  readonly source?: string;
}

export async function startElasticReceiver(options: ElasticReceiverOptions = {}): Promise<ElasticReceiver> {
  const maxContentLength = options.maxContentLength ?? DEFAULT_MAX_CONTENT_LENGTH;
  const indices = new Map<string, Map<string, Record<string, unknown>>>();
  const created: StoredDocument[] = [];
  let itemFaults: { match: (doc: StoredDocument) => boolean; fault: ItemFault; left: number }[] = [];
  let autoId = 0;

  const isDataStream = (name: string): boolean => DATA_STREAM_PATTERN.test(name) || (options.dataStreams ?? []).includes(name);

  function authenticate(req: VendorRequest): VendorAnswer | undefined {
    if (options.apiKey === undefined && options.basic === undefined) return undefined;
    const given = req.headers.authorization;
    const accepted = [
      ...(options.apiKey !== undefined ? [`ApiKey ${options.apiKey}`] : []),
      ...(options.basic !== undefined ? [`Basic ${Buffer.from(`${options.basic.username}:${options.basic.password}`).toString('base64')}`] : []),
    ];
    if (given !== undefined && accepted.includes(given)) return undefined;
    const uri = `${req.path}${req.query.size > 0 ? `?${req.query.toString()}` : ''}`;
    const reason = given === undefined ? `missing authentication credentials for REST request [${uri}]` : 'unable to authenticate with provided credentials and anonymous access is not allowed for this request';
    const header = { 'WWW-Authenticate': ['Basic realm="security", charset="UTF-8"', 'ApiKey'] };
    const answer = esError(401, 'security_exception', reason, { header });
    return { ...answer, headers: { 'www-authenticate': 'Basic realm="security", charset="UTF-8", ApiKey' } } as VendorAnswer;
  }

  /** The bulk body as items, or the 400 Elasticsearch gives for it. */
  function parseBulk(text: string, pathTarget: string | undefined): Parsed[] | VendorAnswer {
    if (text.length === 0) return esError(400, 'action_request_validation_exception', 'Validation Failed: 1: no requests added;');
    if (!text.endsWith('\n')) return esError(400, 'illegal_argument_exception', 'The bulk request must be terminated by a newline [\\n]');
    const lines = text.slice(0, -1).split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    const items: Parsed[] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      if (line.trim() === '') continue;
      let doc: unknown;
      try {
        doc = JSON.parse(line);
      } catch (err) {
        return esError(400, 'x_content_parse_exception', `[${i + 1}:1] ${(err as Error).message}`);
      }
      if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return esError(400, 'illegal_argument_exception', `Malformed action/metadata line [${i + 1}], expected START_OBJECT or END_OBJECT but found [${Array.isArray(doc) ? 'START_ARRAY' : 'VALUE'}]`);
      const keys = Object.keys(doc);
      const action = keys[0] ?? '';
      if (keys.length !== 1 || !ACTIONS.has(action)) return esError(400, 'illegal_argument_exception', `Malformed action/metadata line [${i + 1}], expected field [create], [delete], [index] or [update] but found [${action}]`);
      const meta = (doc as Record<string, unknown>)[action];
      if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return esError(400, 'illegal_argument_exception', `Malformed action/metadata line [${i + 1}], expected START_OBJECT but found [VALUE]`);
      for (const p of Object.keys(meta)) if (!ACTION_PARAMETERS.has(p)) return esError(400, 'illegal_argument_exception', `Action/metadata line [${i + 1}] contains an unknown parameter [${p}]`);
      const m = meta as { _index?: unknown; _id?: unknown };
      const index = typeof m._index === 'string' ? m._index : pathTarget;
      if (index === undefined) return esError(400, 'action_request_validation_exception', 'Validation Failed: 1: index is missing;');
      const id = typeof m._id === 'string' ? m._id : undefined;
      if (action === 'delete') {
        items.push({ action, index, id });
        continue;
      }
      i++;
      if (i >= lines.length) return esError(400, 'illegal_argument_exception', 'The bulk request must be terminated by a newline [\\n]');
      items.push({ action, index, id, source: lines[i] as string });
    }
    return items;
  }

  function execute(item: Parsed): Record<string, unknown> {
    const base = { _index: item.index, ...(item.id !== undefined ? { _id: item.id } : {}) };
    const fail = (status: number, type: string, reason: string): Record<string, unknown> => ({ ...base, status, error: { type, reason, index: item.index } });
    const docs = indices.get(item.index) ?? new Map<string, Record<string, unknown>>();
    if (item.action === 'delete') {
      if (item.id === undefined || !docs.has(item.id)) return { ...base, result: 'not_found', status: 404 };
      docs.delete(item.id);
      return { ...base, result: 'deleted', status: 200 };
    }
    let source: unknown;
    try {
      source = JSON.parse(item.source ?? '');
    } catch (err) {
      return fail(400, 'mapper_parsing_exception', `failed to parse: ${(err as Error).message}`);
    }
    if (typeof source !== 'object' || source === null || Array.isArray(source)) return fail(400, 'mapper_parsing_exception', 'failed to parse, document is empty');
    const id = item.id ?? `auto_${++autoId}`;
    const doc: StoredDocument = { index: item.index, id, source: source as Record<string, unknown> };
    const scripted = itemFaults.find((f) => f.left > 0 && f.match(doc));
    if (scripted !== undefined) {
      scripted.left--;
      const f = typeof scripted.fault === 'string' ? PRESETS[scripted.fault] : scripted.fault;
      return fail(f.status, f.type, f.reason);
    }
    if (isDataStream(item.index)) {
      if (item.action !== 'create') return fail(400, 'illegal_argument_exception', `only write ops with an op_type of create are allowed in data streams`);
      if (!('@timestamp' in doc.source)) return fail(400, 'mapper_parsing_exception', 'failed to parse: data stream timestamp field [@timestamp] is missing');
    }
    if (item.action === 'update') {
      const current = docs.get(id);
      if (current === undefined) return fail(404, 'document_missing_exception', `[${id}]: document missing`);
      docs.set(id, { ...current, ...((doc.source as { doc?: Record<string, unknown> }).doc ?? {}) });
      return { ...base, _id: id, result: 'updated', status: 200 };
    }
    if (docs.has(id)) {
      if (item.action === 'create') return fail(409, 'version_conflict_engine_exception', `[${id}]: version conflict, document already exists (current version [1])`);
      docs.set(id, doc.source);
      return { ...base, _id: id, _version: 2, result: 'updated', status: 200 };
    }
    docs.set(id, doc.source);
    indices.set(item.index, docs);
    created.push(doc);
    return { ...base, _id: id, _version: 1, result: 'created', _shards: { total: 1, successful: 1, failed: 0 }, _seq_no: created.length - 1, _primary_term: 1, status: 201 };
  }

  function handle(req: VendorRequest): VendorAnswer {
    const denied = authenticate(req);
    if (denied !== undefined) return denied;
    const match = /^\/(?:([^/_][^/]*)\/)?_bulk\/?$/.exec(req.path);
    if (match === null) return { status: 400, body: { error: `no handler found for uri [${req.path}] and method [${req.method}]` } };
    if (req.method !== 'POST' && req.method !== 'PUT') return { status: 405, body: { error: `Incorrect HTTP method for uri [${req.path}] and method [${req.method}], allowed: [POST, PUT]`, status: 405 } };
    const contentType = req.headers['content-type'];
    if (contentType === undefined || !CONTENT_TYPES.test(contentType.trim())) return { status: 406, body: { error: `Content-Type header [${contentType ?? ''}] is not supported`, status: 406 } };
    if (req.body === undefined) return esError(400, 'parse_exception', req.decodeError ?? 'cannot decode the body');
    if (req.body.length > maxContentLength) return { status: 413 };
    const parsed = parseBulk(req.body.toString('utf8'), match[1] !== undefined ? decodeURIComponent(match[1]) : undefined);
    if (!Array.isArray(parsed)) return parsed;
    const items = parsed.map((item) => ({ [item.action]: execute(item) }));
    const errors = items.some((i) => {
      const status = (Object.values(i)[0] as { status: number }).status;
      return status < 200 || status > 299;
    });
    return { status: 200, body: applyFilterPath({ took: 1, errors, items }, req.query.get('filter_path')) };
  }

  const server: VendorServer = await startVendorServer(handle, { ...(options.port !== undefined ? { port: options.port } : {}), headers: { 'x-elastic-product': 'Elasticsearch' } });
  return {
    url: server.origin,
    port: server.port,
    requests: server.requests,
    documents: () => [...created],
    eventIds: () => created.map((d) => d.id),
    failItem: (id, fault, times = Number.POSITIVE_INFINITY) => {
      itemFaults.push({ match: typeof id === 'string' ? (d) => d.id === id : id, fault, left: times });
    },
    fault: (...answers) => server.fault(...answers),
    reset: () => {
      server.reset();
      indices.clear();
      created.length = 0;
      itemFaults = [];
    },
    down: () => server.down(),
    up: () => server.up(),
    close: () => server.close(),
  };
}
