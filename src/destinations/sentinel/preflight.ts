/**
 * The pre-flight lint inside the destination (the `lint` setting, config.ts): each row of a batch is
 * checked against the DCR's declaration of the destination's `stream` (dcr-lint.ts) before it is
 * sent, because Azure Monitor drops what does not match and still answers 204 (wire-protocols.md
 * §2.3, §2.8).
 *
 *   lint.mode   dcr_file   error finding (would be dropped)          warning (kept, altered)
 *   reject      given      row refused alone, reason names the field  row sent, reported
 *   reject      none       same, for the checks that need no DCR      row sent, reported
 *   warn        either     row sent, reported                         row sent, reported
 *   off         either     nothing is checked
 *
 * Default mode: `reject` with a `dcr_file` (the user gave the rule: a mismatch is a row lost),
 * `warn` without (reserved names, sizes and `TimeGenerated` only; nothing is known to be dropped).
 * Reports are one line per batch through the context's `warn`.
 */
import { readFileSync } from 'node:fs';
import { DestinationConfigError } from '../config-error.js';
import type { RejectedItem } from '../errors.js';
import type { SentinelLintSettings } from './config.js';
import type { DcrLintFinding, StreamDeclaration } from './dcr-lint.js';
import { dcrStreams, isReservedColumnName, lintOwnRowText, lintRowText, transformRemovals } from './dcr-lint.js';

/** The status of a row refused by the lint, in dead letters and health. */
export const LINT_STATUS = 'dcr_lint';
/** Findings a report line quotes before it says "and N more". */
const QUOTED = 3;

export interface PreflightResult {
  /** Rows with an error finding, when the mode rejects them. */
  readonly refused: readonly RejectedItem[];
  /** One line about the batch's findings that were not refusals, or undefined when there were none. */
  readonly report?: string;
}

export interface Preflight {
  readonly mode: 'reject' | 'warn';
  /** Whether a DCR declaration is checked (false: only what needs none). */
  readonly declared: boolean;
  check(rows: readonly string[], nowMs: number): PreflightResult;
}

const describe = (f: DcrLintFinding): string => `${f.field || '/'}: ${f.code}: ${f.message}`;

/**
 * Reads the DCR and finds the stream's declaration; `undefined` when the mode is `off`. Throws
 * `DestinationConfigError` for a DCR it cannot use. `topLevelNames`, when given, holds every
 * top-level member name the rows can have (their record format's, record-format.ts): when none is
 * a reserved column name (nor `TimeGenerated`, which the destination adds), the checks that need
 * no declaration read only each row's `TimeGenerated` (dcr-lint.ts `lintOwnRowText`).
 */
export function createPreflight(destination: string, stream: string, settings: SentinelLintSettings = {}, topLevelNames?: ReadonlySet<string>): Preflight | undefined {
  const file = settings.dcr_file;
  const mode = settings.mode ?? (file !== undefined ? 'reject' : 'warn');
  if (mode === 'off') return undefined;
  let declaration: StreamDeclaration | undefined;
  let removed: ReadonlySet<string> = new Set();
  if (file !== undefined) {
    let streams;
    try {
      streams = dcrStreams(JSON.parse(readFileSync(file, 'utf8')) as unknown);
    } catch (err) {
      throw new DestinationConfigError(destination, 'lint.dcr_file', `${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const found = streams.find((s) => s.name === stream);
    if (found === undefined) throw new DestinationConfigError(destination, 'lint.dcr_file', `${file} declares no stream "${stream}" (it declares ${streams.map((s) => s.name).join(', ')}): the rule and \`stream\` must match`);
    declaration = found.declaration;
    if (found.transformKql !== undefined) removed = transformRemovals(found.transformKql);
  }
  const namesUnreserved = declaration === undefined && topLevelNames !== undefined && !topLevelNames.has('TimeGenerated') && ![...topLevelNames].some(isReservedColumnName);
  return {
    mode,
    declared: declaration !== undefined,
    check(rows, nowMs) {
      const refused: RejectedItem[] = [];
      const reported: string[] = [];
      let count = 0;
      rows.forEach((row, index) => {
        const findings = namesUnreserved ? lintOwnRowText(row, index, { now: nowMs }) : lintRowText(row, index, declaration, { now: nowMs, removedByTransform: removed });
        const errors = findings.filter((f) => f.severity === 'error');
        const rejected = mode === 'reject' && errors.length > 0;
        if (rejected) refused.push({ index, reason: `DCR lint: Azure Monitor would drop it: ${errors.map(describe).join('; ')}`, status: LINT_STATUS });
        // A refused row's errors are its dead-letter reason; the rest is reported.
        for (const f of rejected ? findings.filter((x) => x.severity !== 'error') : findings) {
          count += 1;
          if (reported.length < QUOTED) reported.push(`row ${index + 1}: ${f.severity} ${describe(f)}`);
        }
      });
      const more = count > reported.length ? `; and ${count - reported.length} more` : '';
      return { refused, ...(count > 0 ? { report: `DCR lint: ${count} finding${count === 1 ? '' : 's'} in a batch of ${rows.length} rows, sent as they are: ${reported.join('; ')}${more}` } : {}) };
    },
  };
}
