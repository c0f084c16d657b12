/**
 * `siemkit ocsf classes` and `siemkit ocsf class NAME|UID`: browse the compiled OCSF schema.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import type { OcsfAttribute, OcsfClass } from '../ocsf/schema.js';
import { findOcsfClass, ocsfClasses, ocsfSchema } from '../ocsf/schema.js';
import type { CliIo } from './io.js';

function pad(s: string, n: number): string {
  return s.length >= n ? `${s} ` : s + ' '.repeat(n - s.length);
}

export function runClasses(format: 'text' | 'json', io: CliIo): number {
  const classes = ocsfClasses();
  if (format === 'json') {
    for (const c of classes) io.stdout.write(`${JSON.stringify({ uid: c.uid, name: c.name, caption: c.caption, category: c.category, category_uid: c.category_uid })}\n`);
    return 0;
  }
  io.stdout.write(`${pad('UID', 8)}${pad('NAME', 34)}${pad('CAPTION', 36)}CATEGORY\n`);
  for (const c of classes) {
    const category = ocsfSchema().categories[c.category]?.caption ?? 'Uncategorized';
    io.stdout.write(`${pad(String(c.uid), 8)}${pad(c.name, 34)}${pad(c.caption, 36)}${category} (${c.category_uid})\n`);
  }
  io.stdout.write(`${classes.length} classes in OCSF ${ocsfSchema().version}\n`);
  return 0;
}

function typeLabel(a: OcsfAttribute): string {
  const t = a.type === 'object_t' ? (a.object_type as string) : a.type;
  return a.is_array ? `${t}[]` : t;
}

function enumLabel(a: OcsfAttribute): string {
  if (!a.enum) return '';
  const entries = Object.entries(a.enum).sort(([x], [y]) => Number(x) - Number(y));
  return entries.map(([k, v]) => `${k} ${v.caption}`).join(', ');
}

export function describeClass(c: OcsfClass, profiles: readonly string[] | undefined): string {
  const s = ocsfSchema();
  const lines: string[] = [];
  const category = s.categories[c.category]?.caption ?? 'Uncategorized';
  lines.push(`${c.caption} (${c.name}, class_uid ${c.uid}) · category ${category} (${c.category_uid})`);
  lines.push(`profiles: ${c.profiles.join(', ') || 'none'}${c.deprecated_since ? ` · deprecated since ${c.deprecated_since}` : ''}`);
  for (const [kind, names] of Object.entries(c.constraints ?? {})) lines.push(`constraint ${kind}: ${names.join(', ')}`);
  lines.push('');
  lines.push(`${pad('ATTRIBUTE', 28)}${pad('TYPE', 26)}${pad('REQUIREMENT', 13)}${pad('PROFILE', 18)}ENUM`);
  const attrs = Object.entries(c.attributes)
    .filter(([, a]) => profiles === undefined || a.profile === undefined || profiles.includes(a.profile))
    .sort(([x, a], [y, b]) => {
      const rank = (r: string): number => (r === 'required' ? 0 : r === 'recommended' ? 1 : 2);
      return rank(a.requirement) - rank(b.requirement) || (x < y ? -1 : 1);
    });
  for (const [name, a] of attrs) {
    lines.push(`${pad(name, 28)}${pad(typeLabel(a), 26)}${pad(a.requirement, 13)}${pad(a.profile ?? '', 18)}${enumLabel(a)}`.trimEnd());
  }
  return `${lines.join('\n')}\n`;
}

export function runClass(key: string, options: { format: 'text' | 'json'; profile?: string[] }, io: CliIo): number {
  const c = findOcsfClass(key);
  if (c === undefined) {
    io.stderr.write(`no OCSF ${ocsfSchema().version} class named or numbered "${key}" (see \`siemkit ocsf classes\`)\n`);
    return 1;
  }
  if (options.format === 'json') io.stdout.write(`${JSON.stringify(c, null, 2)}\n`);
  else io.stdout.write(describeClass(c, options.profile));
  return 0;
}

export function registerOcsf(program: Command, io: CliIo, exit: (code: number) => void): void {
  const ocsf = program.command('ocsf').description('browse the OCSF schema siemkit validates against');
  const format = (): Option => new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');
  ocsf
    .command('classes')
    .description('list every class: uid, name, caption, category')
    .addOption(format())
    .action((opts: { format: 'text' | 'json' }) => exit(runClasses(opts.format, io)));
  ocsf
    .command('class')
    .description('show a class: attributes with type, requirement, profile and enum values')
    .argument('<class>', 'class name (authentication), caption or class_uid (3002)')
    .addOption(format())
    .option('--profile <profile...>', 'show only the profile attributes of these profiles')
    .action((key: string, opts: { format: 'text' | 'json'; profile?: string[] }) => exit(runClass(key, opts, io)));
}
