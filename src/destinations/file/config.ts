/**
 * The `file` destination's own keys (DESIGN.md §5b): records appended as lines to a local file,
 * rotated by size and time, optionally date-partitioned and gzipped. The embedded default
 * destination: no server to run.
 */
import type { Static } from 'typebox';
import { Type } from 'typebox';

/** 100 MiB on disk (compressed bytes when `gzip` is on). */
export const DEFAULT_ROTATE_BYTES = 104_857_600;
/** Time-based rotation is off unless asked for. */
export const DEFAULT_ROTATE_INTERVAL_MS = 0;

export const FileSettingsSchema = Type.Object(
  {
    /**
     * The file written to. May hold `{date}` (YYYY-MM-DD) and `{hour}` (HH), in UTC at the time of
     * writing, for date-partitioned paths (`audit/{date}/events-{hour}.ndjson`). A relative path in a
     * configuration file is taken from that file's directory (the loader makes it absolute); one
     * given in code, from the working directory. Missing directories are created.
     */
    path: Type.String({ minLength: 1 }),
    /** Rotate once the file would grow past this many bytes on disk; 0: never. */
    rotate_bytes: Type.Optional(Type.Integer({ minimum: 0, default: DEFAULT_ROTATE_BYTES })),
    /** Rotate a file once it is this old, in ms; 0: never. */
    rotate_interval_ms: Type.Optional(Type.Integer({ minimum: 0, default: DEFAULT_ROTATE_INTERVAL_MS })),
    /** Append each batch as one gzip member (RFC 1952 §2.2): the file stays a valid gzip file. */
    gzip: Type.Optional(Type.Boolean({ default: false })),
    /**
     * `fdatasync` after each batch before `send` resolves, so a delivered batch also survives a
     * power loss. Off, a batch survives the process being killed at any instant (the data is in the
     * kernel once `write` returns) but not the machine losing power.
     */
    fsync: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);
export type FileSettings = Static<typeof FileSettingsSchema>;
