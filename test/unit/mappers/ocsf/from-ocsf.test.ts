/**
 * `fromOcsf` on records `toOcsf` did not write: a typed MappingError (JSON Pointer + reason) when a
 * required canonical field cannot be derived, never another error, and a best effort otherwise.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromOcsf, MappingError } from '../../../../src/mappers/ocsf/index.js';
import { validateEvent } from '../../../../src/validate/canonical.js';
import { REPO_ROOT } from '../../../helpers/paths.js';

type Json = Record<string, unknown>;

/** A minimal Authentication record of another producer. */
const foreign = (): Json => ({
  class_uid: 3002,
  category_uid: 3,
  type_uid: 300201,
  activity_id: 1,
  severity_id: 1,
  status_id: 1,
  time: 1763800000000,
  metadata: { uid: 'evt_foreign_1', version: '1.1.0', tenant_uid: 'tnt_x', product: { vendor_name: 'Other', name: 'IdP' } },
  user: { uid: 'usr_9', name: 'zoe', email_addr: 'zoe@example.com', type_id: 1 },
  service: { name: 'IdP' },
});

function mappingError(record: unknown): MappingError {
  try {
    fromOcsf(record);
  } catch (err) {
    expect(err).toBeInstanceOf(MappingError);
    return err as MappingError;
  }
  throw new Error('fromOcsf did not throw');
}

describe('fromOcsf: MappingError when a required canonical field cannot be derived', () => {
  const without = (mutate: (r: Json) => void): Json => {
    const r = foreign();
    mutate(r);
    return r;
  };
  it.each([
    ['not an object', 'an event' as unknown, ''],
    ['an array', [foreign()], ''],
    ['null', null, ''],
    ['no class_uid', without((r) => delete r.class_uid), '/class_uid'],
    ['a class no category maps to (4001 Network Activity)', without((r) => (r.class_uid = 4001)), '/class_uid'],
    ['no metadata', without((r) => delete r.metadata), '/metadata/uid'],
    ['no metadata.uid', without((r) => delete (r.metadata as Json).uid), '/metadata/uid'],
    ['a metadata.uid that is no event_id', without((r) => ((r.metadata as Json).uid = 'has space')), '/metadata/uid'],
    ['no tenant anywhere', without((r) => delete (r.metadata as Json).tenant_uid), '/metadata/tenant_uid'],
    ['no time and no time_dt', without((r) => delete r.time), '/time'],
    ['a time that is not a number', without((r) => (r.time = '2024-01-01')), '/time'],
    ['no severity_id', without((r) => delete r.severity_id), '/severity_id'],
    ['an unknown severity_id', without((r) => (r.severity_id = 42)), '/severity_id'],
    ['no actor and no user', without((r) => delete r.user), '/actor/user'],
    ['an actor.user without uid, name or email', without((r) => (r.actor = { user: { type_id: 1 } })), '/actor/user/uid'],
  ])('%s -> %s', (_name, record, pointer) => {
    const err = mappingError(record);
    expect(err.path).toBe(pointer);
    expect(err.reason.length).toBeGreaterThan(0);
    expect(err.message).toBe(err.reason);
  });

  it('throws only MappingError, even for a record whose members throw when read', () => {
    const hostile = foreign();
    Object.defineProperty(hostile, 'metadata', {
      enumerable: true,
      get() {
        throw new RangeError('boom');
      },
    });
    const err = mappingError(hostile);
    expect(err.path).toBe('');
    expect(err.cause).toBeInstanceOf(RangeError);
  });
});

describe('fromOcsf: best effort on records of another producer', () => {
  it('derives the action from the registered type of the class and activity, the actor from user', () => {
    const e = fromOcsf(foreign());
    expect(e).toStrictEqual({
      event_id: 'evt_foreign_1',
      timestamp: '2025-11-22T08:26:40.000Z',
      tenant_id: 'tnt_x',
      category: 'AUTHENTICATION',
      action: 'user.login',
      outcome: 'success',
      severity: 'info',
      actor: { type: 'user', id: 'usr_9', email: 'zoe@example.com', name: 'zoe' },
    });
    expect(validateEvent(e).errors).toEqual([]);
  });

  it('names an activity no type has <class>.<activity> and ignores an event_code that is no action', () => {
    const r = { ...foreign(), activity_id: 3, activity_name: 'Authentication Ticket', metadata: { ...(foreign().metadata as Json), event_code: '4768' } };
    expect(fromOcsf(r).action).toBe('authentication.authentication_ticket');
  });

  it('reads the tenant from the account when metadata has none, and time when time_dt has no offset', () => {
    const r = foreign();
    delete (r.metadata as Json).tenant_uid;
    r.cloud = { account: { uid: 'acct_1' }, provider: 'AWS' };
    r.time_dt = '2025-11-22T08:26:40';
    const e = fromOcsf(r);
    expect(e.tenant_id).toBe('acct_1');
    expect(e.timestamp).toBe('2025-11-22T08:26:40.000Z');
  });

  it('reads 6 Fatal as critical, status 99 Other as unknown, labels without "=" as keys', () => {
    const r = { ...foreign(), severity_id: 6, status_id: 99, metadata: { ...(foreign().metadata as Json), labels: ['pci', 'env=prod'] } };
    expect(fromOcsf(r)).toMatchObject({ severity: 'critical', outcome: 'unknown', labels: { pci: '', env: 'prod' } });
  });

  it('ignores junk in unmapped.siemkit rather than failing', () => {
    const r = { ...foreign(), unmapped: { siemkit: { outcome: 'maybe', category: 'NOPE', action: 'Not An Action', payload: 'x', placeholders: 'y', labels: 5 } } };
    expect(fromOcsf(r)).toMatchObject({ outcome: 'success', category: 'AUTHENTICATION', action: 'user.login' });
    expect(fromOcsf(r)).not.toHaveProperty('payload');
  });

  it('maps the example events of examples/ocsf/events.ndjson that carry a tenant to valid canonical events', () => {
    const lines = readFileSync(path.join(REPO_ROOT, 'examples', 'ocsf', 'events.ndjson'), 'utf8').split('\n').filter((l) => l.trim() !== '');
    let mapped = 0;
    for (const line of lines) {
      const record = JSON.parse(line) as Json;
      try {
        const e = fromOcsf(record);
        expect(validateEvent(e).errors).toEqual([]);
        mapped += 1;
      } catch (err) {
        // The others name no tenant at all: that is the one field we cannot make up.
        expect(err).toBeInstanceOf(MappingError);
        expect((err as MappingError).path).toBe('/metadata/tenant_uid');
      }
    }
    expect(mapped).toBeGreaterThanOrEqual(7);
  });
});
