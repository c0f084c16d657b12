/**
 * FILE_ACCESS -> OCSF 6006 File Hosting Activity: the file is the resource (type_id from its
 * type), actor and src_endpoint required, no http_request. Every case also validates with no error
 * and maps back to its input exactly.
 */
import { Type } from 'typebox';
import { BUILT_IN_EVENT_TYPES } from '../../../../src/registry/built-in.js';
import { defineEventType } from '../../../../src/registry/event-type.js';
import { createRegistry } from '../../../../src/registry/registry.js';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../../schemas/canonical/event.js';
import { fromOcsf, toOcsf } from '../../../../src/mappers/ocsf/index.js';
import { validateOcsf } from '../../../../src/validate/ocsf.js';
import type { Case } from '../../../helpers/ocsf-mapping-case.js';
import { check, product } from '../../../helpers/ocsf-mapping-case.js';


const alice = { type: 'user', id: 'usr_1', name: 'Alice' } as const;
const base = { event_id: 'evt_5', timestamp: '2024-05-17T08:00:00.000Z', tenant_id: 'tnt_1', category: 'FILE_ACCESS', severity: 'info', outcome: 'success', actor: alice, source: { ip: '203.0.113.9' } } as const;
const sha = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

const cases: Case[] = [
  {
    name: 'file.upload: file from the resource and the payload; the user agent has no home here',
    in: {
      ...base,
      action: 'file.upload',
      resource: { type: 'file', id: 'fil_1', name: 'Q2 [draft].xlsx', path: '/Finance/Q2 [draft].xlsx' },
      source: { ip: '203.0.113.9', port: 443, user_agent: 'Desktop/4.2', is_anonymous: false },
      session_id: 'ses_1',
      request_id: 'req_1',
      payload: { size: 482133, mime_type: 'application/vnd.ms-excel', sha256: sha },
    },
    out: {
      class_uid: 6006,
      activity_id: 1,
      activity_name: 'Upload',
      metadata: { profiles: ['datetime'], correlation_uid: 'req_1' },
      actor: { user: { uid: 'usr_1', name: 'Alice', type_id: 1 }, session: { uid: 'ses_1' } },
      file: {
        uid: 'fil_1',
        name: 'Q2 [draft].xlsx',
        path: '/Finance/Q2 [draft].xlsx',
        type_id: 1,
        type: 'Regular File',
        size: 482133,
        mime_type: 'application/vnd.ms-excel',
        hashes: [{ algorithm_id: 3, algorithm: 'SHA-256', value: sha }],
      },
      src_endpoint: { ip: '203.0.113.9', port: 443 },
      unmapped: { siemkit: { source: { user_agent: 'Desktop/4.2', is_anonymous: false }, payload: {} } },
    },
    absent: ['http_request'],
  },
  {
    name: 'a folder is type_id 2 Folder',
    in: { ...base, action: 'file.delete', outcome: 'denied', resource: { type: 'folder', id: 'fld_1', name: 'Legal' } },
    out: { activity_id: 4, status_id: 2, file: { uid: 'fld_1', name: 'Legal', type_id: 2, type: 'Folder' }, unmapped: { siemkit: { outcome: 'denied' } } },
  },
  {
    name: 'another type is 1 Regular File, and the type itself is kept',
    in: { ...base, action: 'file.preview', resource: { type: 'document', id: 'doc_1', name: 'a\tb.docx', email: 'owner@example.com' } },
    out: { activity_id: 9, file: { uid: 'doc_1', name: 'a\tb.docx', type_id: 1 }, unmapped: { siemkit: { resource: { type: 'document', email: 'owner@example.com' } } } },
  },
  {
    name: 'link.create_external: expires_at is the share expiration_time, with its exact string',
    in: { ...base, action: 'link.create_external', resource: { type: 'folder', id: 'fld_p', name: 'Press' }, payload: { url: 'https://s.example/x', expires_at: '2024-06-17T11:20:00+02:00', access: 'anyone' } },
    out: {
      activity_id: 12,
      expiration_time: Date.parse('2024-06-17T09:20:00Z'),
      expiration_time_dt: '2024-06-17T11:20:00+02:00',
      unmapped: { siemkit: { payload: { url: 'https://s.example/x', access: 'anyone' } } },
    },
  },
  {
    name: 'an unregistered action: activity 99 named by the action',
    in: { ...base, action: 'file.restore', resource: { type: 'file', id: 'fil_2', name: 'x' } },
    out: { activity_id: 99, activity_name: 'file.restore', type_uid: 600699 },
    absent: ['unmapped'],
  },
  {
    name: 'a source with a port but no ip: src_endpoint needs a name, a placeholder',
    in: { ...base, action: 'file.download', resource: { type: 'file', id: 'fil_3', name: 'y' }, source: { port: 8443, geo: {} } },
    out: { src_endpoint: { port: 8443, name: 'unknown' }, unmapped: { siemkit: { source: { geo: {} }, placeholders: ['src_endpoint.name'] } } },
  },
];

describe('toOcsf: FILE_ACCESS -> 6006 File Hosting Activity', () => {
  it.each(cases)('$name', (c) => {
    check(c);
  });

  it('fills what the class requires when an event type of another category has no file or source (placeholders)', () => {
    // A user's type may send any category to this class; without a resource and a source the
    // required file and src_endpoint hold placeholders, listed so that they read back as nothing.
    const docView = defineEventType({ action: 'doc.view', category: 'SECURITY', payload: Type.Object({}), ocsf: { class: 'file_hosting', activity_id: 14 }, ecs: { kind: 'event', category: ['file'], type: ['access'] }, cef: { signature_id: 'doc.view', name: 'Document viewed' } });
    const registry = createRegistry([...BUILT_IN_EVENT_TYPES, docView]);
    const event: CanonicalEvent = { event_id: 'evt_6', timestamp: '2024-05-17T08:00:00Z', tenant_id: 't', category: 'SECURITY', action: 'doc.view', outcome: 'success', severity: 'low', actor: alice };
    const ocsf = toOcsf(event, { product, registry }) as Record<string, unknown>;
    expect(validateOcsf(ocsf).errors).toEqual([]);
    expect(ocsf).toMatchObject({
      class_uid: 6006,
      activity_id: 14,
      file: { name: 'unknown', type_id: 0, type: 'Unknown' },
      src_endpoint: { name: 'unknown' },
      unmapped: { siemkit: { placeholders: ['src_endpoint.name', 'file.type_id', 'file.name'] } },
    });
    expect(fromOcsf(ocsf, { registry })).toStrictEqual(event);
  });

  it('keeps a resource name that file.name cannot hold, and puts a placeholder in the required name', () => {
    const name = 'n'.repeat(65_536);
    const event: CanonicalEvent = { ...base, action: 'file.download', resource: { type: 'file', id: 'fil_4', name } };
    const ocsf = check({ name: '', in: event, out: { file: { uid: 'fil_4', name: 'unknown' }, unmapped: { siemkit: { resource: { name }, placeholders: ['file.name'] } } } });
    expect(JSON.stringify(ocsf).length).toBeGreaterThan(65_536);
  });
});
