/**
 * Filtering at the source (DESIGN.md §5): what a destination must never see, decided per event
 * before it enters the destination's queue. A destination takes an event only when every condition
 * it sets holds:
 *
 *   tenants        event.tenant_id is one of them (undefined: every tenant)
 *   categories     event.category is one of them
 *   severities     event.severity is one of them
 *   min_severity   event.severity is at least this (info < low < medium < high < critical)
 *   exclude_users  none of them is actor.id or actor.service_account (exactly), or actor.email
 *                  (ignoring ASCII case: mailbox names are compared as people write them)
 *   exclude_paths  resource.path matches none of these globs (an event without a path matches none)
 *
 * An empty `tenants`, `categories` or `severities` list lets nothing through (the configuration
 * schema forbids empty lists).
 *
 * Globs are anchored (they match the whole path) and case-sensitive; `/` separates segments:
 *
 *   ?      one character (code point) other than `/`
 *   *      any run of characters other than `/` (within one segment)
 *   **     any run of characters, `/` included (across segments): `/tmp/**` is everything
 *          under `/tmp`, but not `/tmp` itself
 *   /**\/   a `/` followed by any number of whole segments, none included: `/a/**\/b` matches
 *          `/a/b`, `/a/x/b` and `/a/x/y/b`; a leading `**\/` likewise matches zero or more
 *          leading segments
 *
 * Every other character, `\`, `[` and `{` included, stands for itself. The glob compiles to a small
 * automaton that is run over the path in one pass, keeping the set of live states (Thompson's
 * construction), so a hostile path costs O(path × glob), never the O(path^stars) backtracking of a
 * regular expression (`*a*a*a*a*a*a*a*a*b` took minutes on 300 characters as a RegExp). Literal
 * prefix, suffix and the longest inner literal are checked first, which rejects most paths at once.
 */
import type { Static } from 'typebox';
import { Type } from 'typebox';
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import { CategorySchema } from '../../schemas/canonical/category.js';
import type { Severity } from '../../schemas/canonical/severity.js';
import { SEVERITIES, SeveritySchema } from '../../schemas/canonical/severity.js';

export const FilterSpecSchema = Type.Object(
  {
    categories: Type.Optional(Type.Array(CategorySchema, { minItems: 1, uniqueItems: true })),
    severities: Type.Optional(Type.Array(SeveritySchema, { minItems: 1, uniqueItems: true })),
    min_severity: Type.Optional(SeveritySchema),
    /** actor.id, actor.service_account (exact) or actor.email (ignoring case). */
    exclude_users: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })),
    /** Globs over resource.path: `?`, `*` within a segment, `**` across segments. */
    exclude_paths: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })),
  },
  { additionalProperties: false },
);
export type FilterSpec = Static<typeof FilterSpecSchema>;

/** Whether an event is for this destination: true = queue it, false = filtered. */
export type EventFilter = (event: CanonicalEvent) => boolean;

const PASS_ALL: EventFilter = () => true;

export function compileFilter(spec: FilterSpec | undefined, tenants?: readonly string[]): EventFilter {
  const checks: EventFilter[] = [];
  if (tenants !== undefined) {
    const set = new Set(tenants);
    checks.push((e) => set.has(e.tenant_id));
  }
  if (spec?.categories !== undefined) {
    const set = new Set<string>(spec.categories);
    checks.push((e) => set.has(e.category));
  }
  if (spec?.severities !== undefined || spec?.min_severity !== undefined) {
    const allowed = new Set<string>(SEVERITIES.filter((s) => (spec.severities?.includes(s) ?? true) && atLeast(s, spec.min_severity)));
    checks.push((e) => allowed.has(e.severity));
  }
  if (spec?.exclude_users !== undefined) {
    const exact = new Set(spec.exclude_users);
    const emails = new Set(spec.exclude_users.map(asciiLower));
    const excludedEmail = (email: string): boolean => {
      // `toLowerCase` is fast but folds beyond ASCII; a hit is confirmed with the ASCII-only fold.
      const lower = email.toLowerCase();
      return emails.has(lower) && asciiLower(email) === lower;
    };
    checks.push(({ actor }) => !exact.has(actor.id) && (actor.service_account === undefined || !exact.has(actor.service_account)) && (actor.email === undefined || !excludedEmail(actor.email)));
  }
  if (spec?.exclude_paths !== undefined) {
    const globs = spec.exclude_paths.map(compileGlob);
    checks.push(({ resource }) => resource?.path === undefined || !globs.some((matches) => matches(resource.path as string)));
  }
  if (checks.length === 0) return PASS_ALL;
  if (checks.length === 1) return checks[0] as EventFilter;
  return (e) => checks.every((check) => check(e));
}

function atLeast(s: Severity, min: Severity | undefined): boolean {
  return min === undefined || SEVERITIES.indexOf(s) >= SEVERITIES.indexOf(min);
}

/** ASCII-only lowering: `toLowerCase` would also fold Unicode (`K` KELVIN SIGN to `k`), which no mail system does. */
function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

// ---- globs --------------------------------------------------------------------------------------

/**
 * A compiled glob is an array of steps: a code point (>= 0) consumes that character; `ONE` any
 * character but `/`; `STAR` loops on characters but `/`; `GLOBSTAR` loops on any character;
 * `SEGMENTS` loops on any character but may only be left at its start or right after a `/` (so it
 * spans whole segments).
 */
const ONE = -1;
const STAR = -2;
const GLOBSTAR = -3;
const SEGMENTS = -4;

const SLASH = 0x2f;
const ASTERISK = 0x2a;
const QUESTION = 0x3f;

/** The steps of `glob`, in order. */
function globSteps(glob: string): number[] {
  const steps: number[] = [];
  for (let i = 0; i < glob.length; ) {
    const c = glob.codePointAt(i) as number;
    if (c === ASTERISK && glob.codePointAt(i + 1) === ASTERISK) {
      const atSegmentStart = i === 0 || glob.codePointAt(i - 1) === SLASH;
      if (atSegmentStart && glob.codePointAt(i + 2) === SLASH) {
        steps.push(SEGMENTS); // `**/`: zero or more whole segments, each with its `/`
        i += 3;
      } else {
        steps.push(GLOBSTAR);
        i += 2;
        while (glob.codePointAt(i) === ASTERISK) i++; // `***` is `**`
      }
    } else if (c === ASTERISK) {
      steps.push(STAR);
      i++;
    } else if (c === QUESTION) {
      steps.push(ONE);
      i++;
    } else {
      steps.push(c);
      i += c > 0xffff ? 2 : 1;
    }
  }
  return steps;
}

/** The literal runs of a glob's steps (characters between wildcards), in order. */
function literalRuns(steps: readonly number[]): string[] {
  const runs: string[] = [''];
  for (const step of steps) {
    if (step >= 0) runs[runs.length - 1] += String.fromCodePoint(step);
    else runs.push('');
  }
  return runs;
}

/** An anchored matcher for `glob` (the rules at the top of this file). */
export function compileGlob(glob: string): (path: string) => boolean {
  const all = globSteps(glob);
  const runs = literalRuns(all);
  if (runs.length === 1) return (path) => path === glob;
  // Cheap rejections first: a path must start with the literal prefix, end with the literal suffix
  // and hold the longest literal run. Most paths a filter sees fail one of these.
  const prefix = runs[0] as string;
  const suffix = runs[runs.length - 1] as string;
  const inner = runs.slice(1, -1).reduce((a, b) => (b.length > a.length ? b : a), '');
  const steps = Int32Array.from(all.slice([...prefix].length));
  const n = steps.length;
  // State i: about to match step i; state n: accepted. A `SEGMENTS` step has a second state,
  // n + 1 + i, for "inside a segment", from which it cannot be left.
  let live = new Uint8Array(2 * n + 1);
  let next = new Uint8Array(2 * n + 1);
  /** Adds state i and every state reachable from it without consuming (loops may be left). */
  const enter = (set: Uint8Array, from: number): void => {
    for (let i = from; i <= n; i++) {
      set[i] = 1;
      const step = steps[i] as number;
      if (i === n || step >= ONE) return;
    }
  };
  return (path) => {
    if (!path.startsWith(prefix) || !path.endsWith(suffix) || path.length < prefix.length + suffix.length || !path.includes(inner)) return false;
    live.fill(0);
    enter(live, 0);
    for (let p = prefix.length; p < path.length; ) {
      const c = path.codePointAt(p) as number;
      p += c > 0xffff ? 2 : 1;
      next.fill(0);
      let any = false;
      for (let i = 0; i < n; i++) {
        const step = steps[i] as number;
        if (live[i] === 0 && (step !== SEGMENTS || live[n + 1 + i] === 0)) continue;
        any = true;
        if (step >= 0) {
          if (c === step) enter(next, i + 1);
        } else if (step === ONE) {
          if (c !== SLASH) enter(next, i + 1);
        } else if (step === STAR) {
          if (c !== SLASH) enter(next, i);
        } else if (step === GLOBSTAR) {
          enter(next, i);
        } else if (c === SLASH) {
          enter(next, i); // SEGMENTS: a segment ends; the loop may be left here
        } else {
          next[n + 1 + i] = 1;
        }
      }
      if (!any) return false;
      [live, next] = [next, live];
    }
    return live[n] === 1;
  };
}
