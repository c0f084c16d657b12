/**
 * When the active file is rotated, and the name it is rotated to.
 *
 * A file is rotated before a batch that would take it past `rotate_bytes`, and once it is
 * `rotate_interval_ms` old (checked before each batch and by a timer, so an idle file rotates on
 * time too). An empty file is never rotated, and a batch larger than `rotate_bytes` is written
 * whole to a fresh file: a batch is never split across files.
 *
 * Rotation renames the file (atomic on POSIX) to its name with the rotation time, UTC to the
 * second, inserted before the extensions, and a sequence number when that name is taken:
 *
 *   events.ndjson.gz  ->  events.20250102T030405Z.ndjson.gz, events.20250102T030405Z.1.ndjson.gz
 */
import path from 'node:path';

export interface RotationPolicy {
  /** 0: never. */
  readonly rotateBytes: number;
  /** 0: never. */
  readonly rotateIntervalMs: number;
}

export interface ActiveFile {
  /** Bytes on disk. */
  readonly size: number;
  /** When the file was started (epoch ms). */
  readonly startedAtMs: number;
}

/** Whether `file` must be rotated before `nextBytes` more are appended at `nowMs`. */
export function needsRotation(policy: RotationPolicy, file: ActiveFile, nextBytes: number, nowMs: number): boolean {
  if (file.size === 0) return false;
  if (policy.rotateBytes > 0 && file.size + nextBytes > policy.rotateBytes) return true;
  return policy.rotateIntervalMs > 0 && nowMs - file.startedAtMs >= policy.rotateIntervalMs;
}

/** `YYYYMMDDTHHMMSSZ` */
function stamp(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 19).replace(/[-:]/g, '') + 'Z';
}

/** `events` and `.ndjson.gz` of `events.ndjson.gz`; a leading dot belongs to the stem (`.hidden`). */
function splitExtensions(base: string): [string, string] {
  const dot = base.indexOf('.', 1);
  return dot === -1 ? [base, ''] : [base.slice(0, dot), base.slice(dot)];
}

/** The name `active` is rotated to at `nowMs`: the first of the candidates for which `taken` is false. */
export function rotatedPath(active: string, nowMs: number, taken: (candidate: string) => boolean): string {
  const [stem, ext] = splitExtensions(path.basename(active));
  const dir = path.dirname(active);
  const base = `${stem}.${stamp(nowMs)}`;
  for (let seq = 0; ; seq++) {
    const candidate = path.join(dir, `${base}${seq === 0 ? '' : `.${seq}`}${ext}`);
    if (!taken(candidate)) return candidate;
  }
}
