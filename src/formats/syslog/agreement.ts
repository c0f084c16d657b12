/**
 * What the syslog parsers share once the header is read: the event comes from the body, and the
 * facts the header and STRUCTURED-DATA repeat must agree with it. A message whose PRI says
 * "error" while its body says `"severity":"info"` is a broken message, not a choice between two
 * answers, so a disagreement is a ParseError at the header field, naming it. A fact the header
 * leaves out (NILVALUE, an SD-PARAM that is absent) repeats nothing and is not an error.
 */
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import type { EventTypeRegistry } from '../../registry/registry.js';
import type { ParseResult, WireFormatName } from '../parse-error.js';
import { failed, ParseError } from '../parse-error.js';
import { parseBody } from './body.js';
import { severityText } from './pri.js';
import { SYSLOG_SEVERITY } from './severity.js';

/** The event of the body that starts at `offset` of `text`, with a failure moved to `format` and that offset. */
export function bodyAt(text: string, offset: number, format: WireFormatName, registry: EventTypeRegistry | undefined): ParseResult<CanonicalEvent> {
  const result = parseBody(offset === 0 ? text : text.slice(offset), registry);
  if (result.ok) return result;
  return { ok: false, error: new ParseError(format, offset + result.error.offset, result.error.reason) };
}

/** The PRI's severity against the body's (severity.ts's table). */
export function severityDisagreement(severity: number, event: CanonicalEvent, offset: number, format: WireFormatName): ParseResult<never> | undefined {
  const expected = SYSLOG_SEVERITY[event.severity];
  if (severity === expected) return undefined;
  return failed(format, offset, `PRI severity ${severityText(severity)} disagrees with the body's severity "${event.severity}", which is ${severityText(expected)}`);
}
