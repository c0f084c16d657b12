/**
 * Destinations whose records carry the canonical event's JSON (the `canonical` format, wrapped in
 * each vendor's envelope) take the runtime's JSON text of the event as it is (the second argument
 * of `Destination.encode`, src/formats/canonical-json.ts), rather than serialising the parsed event
 * again; without it, they serialise the event. The text here is laid out differently from
 * JSON.stringify's, so that the record shows which one it holds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import type { Destination } from '../../../src/destinations/destination.js';
import { destinationType } from '../../../src/destinations/registry.js';
import { contextFor, encoderFor, events } from './fixtures.js';

// Recent, for Datadog (it refuses logs over 18 h old).
const EVENT: CanonicalEvent = { ...(events(1, 'json')[0] as CanonicalEvent), timestamp: new Date().toISOString() };
const SPACED = JSON.stringify(EVENT, null, 1).replace(/\n */g, ' ');
const SERIALISED = JSON.stringify(EVENT);

/** Settings each type accepts; nothing is sent (only `encode` is called). */
const SETTINGS: Readonly<Record<string, Record<string, unknown>>> = {
  splunk_hec: { endpoint: 'http://127.0.0.1:9', token: 't' },
  elastic: { endpoint: 'http://127.0.0.1:9', index: 'audit' },
  datadog: { endpoint: 'http://127.0.0.1:9', api_key: 'k' },
  newrelic: { endpoint: 'http://127.0.0.1:9/log/v1', api_key: 'k' },
  sentinel: { endpoint: 'https://127.0.0.1:9', tenant_id: 't', client_id: 'c', client_secret: 's', dcr_immutable_id: 'dcr-1', stream: 'Custom-Audit' },
  sumo: { url: 'http://127.0.0.1:9/receiver/v1/http/x' },
  xsiam: { url: 'http://127.0.0.1:9/logs/v1/event', api_key: 'k' },
  http: { url: 'http://127.0.0.1:9/in' },
};

const open: Destination[] = [];
afterEach(async () => {
  for (const d of open.splice(0)) await d.close?.();
});

describe('records of the canonical format', () => {
  for (const [type, settings] of Object.entries(SETTINGS)) {
    it(`${type}: hold the JSON text given, and the event serialised when none is`, () => {
      const t = destinationType(type);
      if (t === undefined) throw new Error(`no type ${type}`);
      expect(t.formats).toContain('canonical');
      const d = t.create(settings as never, contextFor(type, { format: 'canonical', encode: encoderFor('canonical') }));
      open.push(d);
      const given = d.encode(EVENT, SPACED);
      const own = d.encode(EVENT);
      // The record holds the text after its opening brace (Sentinel puts TimeGenerated first), as
      // it is or as one JSON string value (a Datadog message).
      const holds = (record: string, text: string): boolean => {
        const body = text.slice(1).trimStart();
        return record.includes(body) || record.includes(JSON.stringify(body).slice(1, -1));
      };
      expect(holds(given, SPACED)).toBe(true);
      expect(holds(given, SERIALISED)).toBe(false);
      expect(holds(own, SERIALISED)).toBe(true);
    });
  }
});
