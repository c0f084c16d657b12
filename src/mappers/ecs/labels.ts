/**
 * `labels` <-> ECS `labels` (keyword values, one level deep).
 *
 * Elasticsearch reads a dot in a key as a sub-object (`labels.a.b`, which ECS forbids below
 * `labels`, and which clashes with a label `a`), and rejects an empty or all-whitespace field name.
 * Labels with such keys go to `siemkit.labels` as `{key, value}` pairs, a shape whose own keys are
 * fixed, so any key survives. Java's `isWhitespace` and JavaScript's `\s` differ (U+001C-U+001F,
 * U+00A0), so a key made only of either is treated as blank.
 */
import { isPlainObject } from '../../validate/ecs-values.js';
import type { Doc } from './field.js';
import { field, readField, setOwn } from './field.js';
import type { SiemkitFields, SiemkitLabel } from './siemkit.js';

const LABELS = field('labels');
const BLANK = /^[\s\u001c-\u001f]*$/;

/** Whether ECS `labels` can hold this key as it is. */
export function isEcsLabelKey(key: string): boolean {
  return !key.includes('.') && !BLANK.test(key);
}

export function writeLabels(labels: Readonly<Record<string, string>>, doc: Doc, siemkit: SiemkitFields): void {
  const ecs: Doc = {};
  let held = false;
  let awkward: SiemkitLabel[] | undefined;
  for (const key of Object.keys(labels)) {
    const value = labels[key] as string;
    if (isEcsLabelKey(key)) {
      setOwn(ecs, key, value);
      held = true;
    } else {
      (awkward ??= []).push({ key, value });
    }
  }
  // An empty `labels: {}` is written as such, so that it comes back.
  if (held || awkward === undefined) doc.labels = ecs;
  if (awkward !== undefined) siemkit.labels = awkward;
}

/** The labels of a document: ECS `labels` (scalar values as strings, from elsewhere) and `siemkit.labels`. */
export function readLabels(doc: Doc, stored: unknown): Record<string, string> | undefined {
  const ecs = readField(doc, LABELS);
  let labels: Doc | undefined;
  if (isPlainObject(ecs)) {
    labels = {};
    for (const key of Object.keys(ecs)) {
      const value = ecs[key];
      if (typeof value === 'string') setOwn(labels, key, value);
      else if (typeof value === 'number' || typeof value === 'boolean') setOwn(labels, key, String(value));
    }
  }
  if (Array.isArray(stored)) {
    for (const pair of stored as unknown[]) {
      if (isPlainObject(pair) && typeof pair.key === 'string' && typeof pair.value === 'string') setOwn((labels ??= {}), pair.key, pair.value);
    }
  }
  return labels as Record<string, string> | undefined;
}
