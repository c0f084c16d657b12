/**
 * The collector's body (wire-protocols.md §6.2): events separated by newlines, in the collector's
 * log format. The record format decides the `Content-Type` the collector expects:
 *
 * | `format`                   | collector log format | Content-Type       |
 * |----------------------------|----------------------|--------------------|
 * | `canonical`, `ocsf`, `ecs` | JSON                 | `application/json` |
 * | `cef`                      | CEF                  | `text/plain`       |
 * | `leef`                     | LEEF                 | `text/plain`       |
 * | `syslog5424`, `syslog3164` | Raw                  | `text/plain`       |
 *
 * CEF and LEEF lines name their vendor and product in their header, which is how XSIAM files them
 * (dataset `<vendor>_<product>_raw`).
 */
import { recordFormat } from '../../formats/record-format.js';

export { frameLines as frameEvents, oneLine } from '../transport/lines.js';

export const XSIAM_ENVELOPE_BYTES = 0;
export const XSIAM_SEPARATOR_BYTES = 1;

/** The collector log format a record format needs, for the documentation and errors. */
export function collectorLogFormat(format: string): 'JSON' | 'CEF' | 'LEEF' | 'Raw' {
  if (recordFormat(format)?.json === true) return 'JSON';
  if (format === 'cef') return 'CEF';
  if (format === 'leef') return 'LEEF';
  return 'Raw';
}

export function contentType(format: string): string {
  return collectorLogFormat(format) === 'JSON' ? 'application/json' : 'text/plain';
}
