/**
 * Date-partitioned paths: `{date}` becomes YYYY-MM-DD and `{hour}` becomes HH, in UTC at the time of
 * writing (not the events' time: a batch is written to one file, and files then fill in order).
 */

const PLACEHOLDER = /\{([A-Za-z_]+)\}/g;
export const PATH_PLACEHOLDERS = ['date', 'hour'] as const;

/** The placeholders of `template` that are not ours (`{day}`), to be refused as a typo. */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string).filter((p) => !(PATH_PLACEHOLDERS as readonly string[]).includes(p));
}

/** Whether the path changes with time. */
export function isPartitioned(template: string): boolean {
  return template.includes('{date}') || template.includes('{hour}');
}

/** The path for the instant `nowMs`. */
export function expandPath(template: string, nowMs: number): string {
  if (!isPartitioned(template)) return template;
  const iso = new Date(nowMs).toISOString(); // YYYY-MM-DDTHH:mm:ss.sssZ
  return template.replaceAll('{date}', iso.slice(0, 10)).replaceAll('{hour}', iso.slice(11, 13));
}
