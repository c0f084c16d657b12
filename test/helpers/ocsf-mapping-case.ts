/**
 * The shape of the hand-written toOcsf cases (test/unit/mappers/ocsf/<class>.test.ts): where each
 * canonical field lands. `check` maps the input, asserts the OCSF event validates with no error,
 * holds `out` (a subset; `unmapped` exactly, absent meaning none), lacks the `absent` members, and
 * maps back to the input exactly.
 */
import { expect } from 'vitest';
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import { fromOcsf, toOcsf } from '../../src/mappers/ocsf/index.js';
import { validateOcsf } from '../../src/validate/ocsf.js';

export const product = { vendor: 'Acme', name: 'ScaiDrive', version: '1.4.2' };

export interface Case {
  readonly name: string;
  readonly in: CanonicalEvent;
  /** What the OCSF event holds (a subset), `unmapped` exactly (absent: no unmapped at all). */
  readonly out: Record<string, unknown>;
  /** Top-level attributes the OCSF event must not have. */
  readonly absent?: readonly string[];
}

export function check(c: Case): Record<string, unknown> {
  const ocsf = toOcsf(c.in, { product }) as Record<string, unknown>;
  expect(validateOcsf(ocsf).errors).toEqual([]);
  expect(ocsf).toMatchObject(c.out);
  expect(ocsf.unmapped).toEqual(c.out.unmapped);
  for (const key of c.absent ?? []) expect(ocsf).not.toHaveProperty(key);
  expect(fromOcsf(ocsf)).toStrictEqual(c.in);
  return ocsf;
}
