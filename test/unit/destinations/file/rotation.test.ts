/** When a file rotates, the names rotated files take, and date-partitioned paths. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandPath, isPartitioned, unknownPlaceholders } from '../../../../src/destinations/file/path-template.js';
import { needsRotation, rotatedPath } from '../../../../src/destinations/file/rotation.js';

const T = Date.UTC(2025, 0, 2, 3, 4, 5, 678);

describe('needsRotation', () => {
  const policy = { rotateBytes: 1_000, rotateIntervalMs: 60_000 };
  it('rotates before a batch would pass rotate_bytes', () => {
    expect(needsRotation(policy, { size: 900, startedAtMs: T }, 100, T)).toBe(false);
    expect(needsRotation(policy, { size: 900, startedAtMs: T }, 101, T)).toBe(true);
  });
  it('rotates a file once it is rotate_interval_ms old', () => {
    expect(needsRotation(policy, { size: 1, startedAtMs: T }, 0, T + 59_999)).toBe(false);
    expect(needsRotation(policy, { size: 1, startedAtMs: T }, 0, T + 60_000)).toBe(true);
  });
  it('never rotates an empty file, and 0 turns a rule off', () => {
    expect(needsRotation(policy, { size: 0, startedAtMs: 0 }, 5_000, T)).toBe(false);
    expect(needsRotation({ rotateBytes: 0, rotateIntervalMs: 0 }, { size: 1e12, startedAtMs: 0 }, 1e9, T)).toBe(false);
  });
});

describe('rotatedPath', () => {
  it('inserts the UTC time before the extensions, and a sequence when taken', () => {
    const taken = new Set(['/d/events.20250102T030405Z.ndjson.gz', '/d/events.20250102T030405Z.1.ndjson.gz'].map((p) => path.normalize(p)));
    expect(rotatedPath('/d/events.ndjson.gz', T, () => false)).toBe(path.normalize('/d/events.20250102T030405Z.ndjson.gz'));
    expect(rotatedPath('/d/events.ndjson.gz', T, (c) => taken.has(c))).toBe(path.normalize('/d/events.20250102T030405Z.2.ndjson.gz'));
    expect(rotatedPath('/d/events', T, () => false)).toBe(path.normalize('/d/events.20250102T030405Z'));
    expect(rotatedPath('/d/.audit.log', T, () => false)).toBe(path.normalize('/d/.audit.20250102T030405Z.log'));
  });
});

describe('path templates', () => {
  it('expands {date} and {hour} in UTC', () => {
    expect(expandPath('/a/{date}/x-{hour}-{date}.log', T)).toBe('/a/2025-01-02/x-03-2025-01-02.log');
    expect(expandPath('/a/plain.log', T)).toBe('/a/plain.log');
    expect(isPartitioned('/a/{hour}.log')).toBe(true);
    expect(isPartitioned('/a/{}.log')).toBe(false);
  });
  it('names the placeholders it does not know', () => {
    expect(unknownPlaceholders('/a/{date}/{day}/{Hour}.log')).toEqual(['day', 'Hour']);
  });
});
