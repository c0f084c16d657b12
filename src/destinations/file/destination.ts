/**
 * The `file` destination: each batch appended to a local file as lines, one record per line in the
 * destination's format (JSON formats as JSON Lines; CEF, LEEF and syslog are lines already), or as
 * one gzip member per batch. Batches are written one at a time, in the order `send` was called.
 * `send` resolves once the batch is written (and `fdatasync`ed with `fsync: true`).
 * docs/destinations/file.md has the settings and the failure behaviour.
 */
import { existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { RECORD_FORMATS } from '../../formats/record-format.js';
import { DestinationConfigError } from '../config-error.js';
import type { DestinationContext } from '../context.js';
import type { Batch, Destination } from '../destination.js';
import type { DestinationType } from '../destination-type.js';
import { PermanentError } from '../errors.js';
import { TransportError } from '../transport/errors.js';
import { gzip } from '../transport/gzip.js';
import { joinRecordBytes, joinUtf8 } from '../transport/utf8-join.js';
import type { FileSettings } from './config.js';
import { DEFAULT_ROTATE_BYTES, DEFAULT_ROTATE_INTERVAL_MS, FileSettingsSchema } from './config.js';
import { expandPath, unknownPlaceholders } from './path-template.js';
import type { RotationPolicy } from './rotation.js';
import { needsRotation, rotatedPath } from './rotation.js';
import { FileWriter } from './writer.js';

/** Records per write at most (the batcher's own settings usually cap lower). */
export const FILE_MAX_EVENTS = 1_000_000;
/** Bytes per write at most: one batch is held in memory once, and once more compressed. */
export const FILE_MAX_BYTES = 268_435_456;

const MAX_TIMER_MS = 2_147_483_647;

/** A `Destination` that also tells which file it appends to. */
export interface FileDestination extends Destination {
  /** The file being appended to, when one is open. */
  readonly activePath: () => string | undefined;
}

export function createFileDestination(settings: FileSettings, context: DestinationContext): FileDestination {
  const name = context.name;
  const unknown = unknownPlaceholders(settings.path);
  if (unknown.length > 0) throw new DestinationConfigError(name, 'path', `unknown placeholder {${unknown[0]}}: the path may hold {date} and {hour}`);
  const template = path.resolve(settings.path);
  const compress = settings.gzip === true;
  const policy: RotationPolicy = { rotateBytes: settings.rotate_bytes ?? DEFAULT_ROTATE_BYTES, rotateIntervalMs: settings.rotate_interval_ms ?? DEFAULT_ROTATE_INTERVAL_MS };

  let writer: FileWriter | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  // Every file operation runs on this chain, one after the other, in call order.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = chain.then(task);
    chain = run.catch(() => undefined);
    return run;
  };

  async function closeWriter(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    const w = writer;
    writer = undefined;
    if (w !== undefined) await w.close();
  }

  async function rotate(nowMs: number): Promise<void> {
    const active = writer?.path;
    await closeWriter();
    if (active !== undefined) await rename(active, rotatedPath(active, nowMs, existsSync));
  }

  /** An idle file rotates on time too: checked when its interval is up. */
  function scheduleIntervalRotation(w: FileWriter): void {
    if (policy.rotateIntervalMs === 0) return;
    // setTimeout takes at most 2^31-1 ms (about 24.8 days); a longer interval is checked again then.
    const due = Math.min(MAX_TIMER_MS, Math.max(0, w.startedAtMs + policy.rotateIntervalMs - Date.now()));
    timer = setTimeout(() => {
      void serial(async () => {
        const now = Date.now();
        if (writer === w && needsRotation(policy, w, 0, now)) await rotate(now);
        else if (writer === w) scheduleIntervalRotation(w);
      }).catch(() => undefined); // a failed rotation is tried again before the next write
    }, due);
    timer.unref();
  }

  async function openAt(filePath: string, nowMs: number): Promise<FileWriter> {
    let w = await FileWriter.open(filePath, compress, nowMs);
    if (w === undefined) {
      // The file holds the other kind of content (gzip was turned on or off): keep it, aside.
      await rename(filePath, rotatedPath(filePath, nowMs, existsSync));
      w = await FileWriter.open(filePath, compress, nowMs);
      if (w === undefined) throw new Error(`${filePath} changed while it was being opened`);
    }
    scheduleIntervalRotation(w);
    return w;
  }

  /** The batch's lines: from the queue's bytes when the runtime gives them, else from the records. */
  function linesOf(batch: Batch): Buffer {
    return batch.recordBytes !== undefined ? joinRecordBytes(batch.recordBytes, '\n', '', '\n') : joinUtf8(batch.records, '\n', '', '\n');
  }

  /** The bytes of a batch: its lines, or one gzip member of them. Made before the batch's turn to write. */
  function bytesOf(batch: Batch): Promise<Buffer> {
    const lines = linesOf(batch);
    return compress ? gzip(lines) : Promise.resolve(lines);
  }

  async function write(data: Buffer, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    if (closed) throw new TransportError(`${name}: the destination is closed`, 'closed');
    const nowMs = Date.now();
    const target = expandPath(template, nowMs);
    try {
      if (writer !== undefined && writer.path !== target) await closeWriter();
      if (writer !== undefined && needsRotation(policy, writer, data.length, nowMs)) await rotate(nowMs);
      writer ??= await openAt(target, nowMs);
      await writer.append(data);
      if (settings.fsync === true) await writer.sync();
    } catch (err) {
      // A write that failed part way leaves a torn tail: reopening repairs it before the retry.
      await closeWriter().catch(() => undefined);
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      throw new TransportError(`${name}: cannot write ${target}: ${code}`, code);
    }
  }

  return {
    name,
    type: 'file',
    limits: { maxEvents: FILE_MAX_EVENTS, maxBytes: FILE_MAX_BYTES, measuredOn: 'encoded', envelopeBytes: 0, separatorBytes: 1 },
    encode(event, canonicalJson) {
      const record = context.encode(event, canonicalJson);
      // One record is one line: a line break inside would split it in two for every reader.
      if (record.includes('\n') || record.includes('\r')) throw new PermanentError(`${name}: the ${context.format} record of event ${event.event_id} holds a line break`);
      return record;
    },
    // Canonical JSON from JSON.stringify never holds a raw line break.
    ...(context.canonicalJsonRecords === true ? { canonicalJsonRecords: true } : {}),
    send(batch, signal) {
      if ((batch.recordBytes ?? batch.records).length === 0) return Promise.resolve();
      const data = bytesOf(batch);
      return serial(async () => write(await data, signal));
    },
    // The lines before compression; `gzip` says they would go as one gzip member.
    preview: (batch) => Promise.resolve([{ kind: 'file' as const, to: expandPath(template, Date.now()), bytes: linesOf(batch), gzip: compress }]),
    close: () => {
      closed = true;
      return serial(closeWriter);
    },
    activePath: () => writer?.path,
  };
}

export const FILE_DESTINATION_TYPE: DestinationType<typeof FileSettingsSchema> = {
  type: 'file',
  settings: FileSettingsSchema,
  // Every record format: JSON documents and lines alike are written one per line.
  formats: RECORD_FORMATS.map((f) => f.name),
  defaultFormat: 'ocsf',
  secretKeys: [],
  pathKeys: ['path'],
  create: createFileDestination,
};
