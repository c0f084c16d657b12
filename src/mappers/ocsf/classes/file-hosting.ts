/**
 * OCSF 6006 File Hosting Activity: the FILE_ACCESS category (upload, download, share, links ...).
 * `file` (required) is the resource: `uid`, `name` (required), `path`, and `type_id` from its type
 * (`folder` or `directory` 2 Folder, anything else 1 Regular File; a type other than `file` and
 * `folder` is kept, since the id alone cannot give it back). `actor` and `src_endpoint` are
 * required; the class has no `http_request`, so `user_agent` is kept.
 *
 * Payload homes: `size` -> `file.size`, `mime_type` -> `file.mime_type`, `sha256` ->
 * `file.hashes[0]` (algorithm_id 3 SHA-256), `expires_at` -> `expiration_time` (+ `_dt`, "the
 * share expiration time").
 */
import type { File, Fingerprint } from '../../../../generated/ocsf/1.1.0/types/index.js';
import type { ClassMapper, MappedProfiles } from '../class-mapper.js';
import type { FromContext } from '../context.js';
import { fits } from '../limits.js';
import type { PayloadHome } from '../payload.js';
import type { Obj } from '../read.js';
import { arrAt, intAt, isObj, objAt, strAt } from '../read.js';
import { keepResourceMembers, mergeResource } from '../resource.js';
import { parseDateTime } from '../time.js';

type OcsfFile = File<MappedProfiles>;

const FOLDER_TYPES: ReadonlySet<string> = new Set(['folder', 'directory']);
/** file.type_id captions (file.type). */
const REGULAR_FILE = { type_id: 1, type: 'Regular File' } as const;
const FOLDER = { type_id: 2, type: 'Folder' } as const;
/** Types that `type_id` gives back by itself. */
const TYPE_BY_ID: ReadonlyMap<number, string> = new Map([
  [1, 'file'],
  [2, 'folder'],
]);
const SHA256 = /^[0-9a-fA-F]{64}$/;
/** file.hashes[].algorithm_id 3: SHA-256. */
const SHA_256 = 3;

const fileOf = (ctx: FromContext): Obj | undefined => objAt(ctx.ocsf, 'file');

const PAYLOAD: readonly PayloadHome[] = [
  {
    key: 'size',
    put(v, out) {
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) return false;
      (out.file as OcsfFile).size = v;
      return true;
    },
    take: (ctx) => intAt(fileOf(ctx), 'size'),
  },
  {
    key: 'mime_type',
    put(v, out) {
      if (typeof v !== 'string' || !fits(v)) return false;
      (out.file as OcsfFile).mime_type = v;
      return true;
    },
    take: (ctx) => strAt(fileOf(ctx), 'mime_type'),
  },
  {
    key: 'sha256',
    put(v, out) {
      if (typeof v !== 'string' || !SHA256.test(v)) return false;
      const hash: Fingerprint<MappedProfiles> = { algorithm_id: SHA_256, algorithm: 'SHA-256', value: v };
      (out.file as OcsfFile).hashes = [hash];
      return true;
    },
    take(ctx) {
      const hash = arrAt(fileOf(ctx), 'hashes')?.find((h) => isObj(h) && h.algorithm_id === SHA_256);
      return isObj(hash) ? strAt(hash, 'value') : undefined;
    },
  },
  {
    key: 'expires_at',
    put(v, out, ctx) {
      const instant = typeof v === 'string' && fits(v) ? parseDateTime(v) : undefined;
      if (instant === undefined) return false;
      out.expiration_time = instant.ms;
      out.expiration_time_dt = v;
      ctx.datetime = true;
      return true;
    },
    take: (ctx) => strAt(ctx.ocsf, 'expiration_time_dt'),
  },
];

export const fileHosting: ClassMapper = {
  name: 'file_hosting',
  uid: 6006,
  homes: { actor: 'core', source: 'src_endpoint_required', userAgent: 'none', session: 'actor.session', requestId: 'metadata.correlation_uid', outcome: 'status_id' },
  payload: PAYLOAD,
  toClass(ctx, out) {
    const r = ctx.event.resource;
    if (r === undefined) {
      ctx.placeholder('file.type_id');
      out.file = { name: ctx.placeholder('file.name'), type_id: 0, type: 'Unknown' } satisfies OcsfFile;
      return;
    }
    const t = FOLDER_TYPES.has(r.type) ? FOLDER : REGULAR_FILE;
    const file: OcsfFile = { name: ctx.textIn('resource', 'name', r.name) ?? ctx.placeholder('file.name'), type_id: t.type_id, type: t.type };
    const uid = ctx.textIn('resource', 'id', r.id);
    if (uid !== undefined) file.uid = uid;
    const path = ctx.textIn('resource', 'path', r.path);
    if (path !== undefined) file.path = path;
    if (r.type !== TYPE_BY_ID.get(file.type_id)) ctx.keepIn('resource', 'type', r.type);
    keepResourceMembers((k, v) => ctx.keepIn('resource', k, v), r, ['email']);
    out.file = file;
  },
  resourceFrom(ctx) {
    const file = fileOf(ctx);
    const kept = ctx.keptIn('resource');
    if (file === undefined) return mergeResource(undefined, kept, 'file');
    const name = ctx.text(file, 'name', 'file.name');
    const path = strAt(file, 'path');
    const typeId = ctx.placeholders.has('file.type_id') ? undefined : intAt(file, 'type_id');
    const home: Record<string, string> = {};
    // Another producer's file may have no uid: its path or name stands in.
    const id = strAt(file, 'uid') ?? path ?? name;
    if (id !== undefined) home.id = id;
    if (name !== undefined) home.name = name;
    if (path !== undefined) home.path = path;
    const type = typeId === undefined ? undefined : TYPE_BY_ID.get(typeId);
    if (type !== undefined) home.type = type;
    return mergeResource(home, kept, 'file');
  },
};
