// The emitted OCSF types compile under strict options, accept valid events, and reject what OCSF
// rejects: a missing required attribute, a value outside an enum, a profile attribute used without
// its profile (also nested), a wrong scalar type. The files are written inside the repository so
// that NodeNext resolution sees its `package.json` (`"type": "module"`).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitTypes } from '../../../../scripts/gen/ocsf/emit-types.js';
import { loadRepository } from '../../../../scripts/gen/ocsf/load.js';
import { resolve } from '../../../../scripts/gen/ocsf/resolve.js';
import { STRICT_COMPILER_OPTIONS } from '../../../helpers/typescript.js';

const SCHEMA_DIR = fileURLToPath(new URL('../../../../../shared/schemas/ocsf-1.1.0', import.meta.url));
const TMP = fileURLToPath(new URL(`../../../.tmp-types-${process.pid}/`, import.meta.url));

const PRELUDE = `import type { Authentication, OcsfClassByName, OcsfClassByUid, OcsfClassName, OcsfClassUid, OcsfEvent, OcsfProfile, Process, WinRegistryKeyActivity } from './gen/types/index.js';
const metadata = { product: { vendor_name: 'siemkit' }, version: '1.1.0' };
`;

const VALID = `${PRELUDE}
export const logon: Authentication = { activity_id: 1, category_uid: 3, class_uid: 3002, type_uid: 300201, severity_id: 1, time: 1700000000000, metadata, user: { name: 'alice' } };
export const cloudLogon: Authentication<'cloud'> = { ...logon, cloud: { provider: 'AWS', region: 'eu-west-1' }, api: { operation: 'ConsoleLogin' } };
export const nested: Authentication<'container' | 'linux/linux_users'> = { ...logon, actor: { process: { pid: 7, container: { name: 'web' }, parent_process: { namespace_pid: 1, euid: 0 } } } };
export const proc: Process<'container'> = { pid: 42, name: 'sh', container: { name: 'web', uid: 'c-1' }, namespace_pid: 1 };
export const plainProc: Process = { pid: 42, parent_process: { pid: 1 }, xattributes: { anything: [1, 'two'] } };
export const byUid: OcsfClassByUid[3002] = logon;
export const byName: OcsfClassByName['authentication'] = logon;
export const name: OcsfClassName = 'win/registry_key_activity';
export const uid: OcsfClassUid = 201001;
export const profiles: OcsfProfile[] = ['cloud', 'container', 'datetime', 'host', 'linux/linux_users'];
export const winUid: WinRegistryKeyActivity['class_uid'] = 201001;
export function logonType(event: OcsfEvent): number | undefined {
  return event.class_uid === 3002 ? event.logon_type_id : undefined;
}
`;

/** Each invalid case is one `export const`; the test expects exactly one diagnostic in each. */
const INVALID_CASES: Record<string, { code: number; text: string }> = {
  missingRequired: { code: 2741, text: "Property 'user' is missing" },
  wrongEnum: { code: 2322, text: "Type '42' is not assignable to type '0 | 1 | 2 | 3 | 4 | 5 | 99'" },
  cloudWithoutProfile: { code: 2353, text: "'cloud' does not exist in type" },
  nestedContainerWithoutProfile: { code: 2353, text: "'container' does not exist in type" },
  profileWithoutItsRequired: { code: 2322, text: "Property 'cloud' is missing" },
  wrongScalar: { code: 2322, text: "Type 'string' is not assignable to type 'number'" },
  wrongClassUid: { code: 2322, text: "Type '3001' is not assignable to type '3002'" },
};

const INVALID = `${PRELUDE}
const base = { activity_id: 1, category_uid: 3, class_uid: 3002, type_uid: 300201, severity_id: 1, time: 0, metadata } as const;
export const missingRequired: Authentication = { activity_id: 1, category_uid: 3, class_uid: 3002, type_uid: 300201, severity_id: 1, time: 0, metadata };
export const wrongEnum: Authentication = { ...base, user: {}, activity_id: 42 };
export const cloudWithoutProfile: Authentication = { ...base, user: {}, cloud: { provider: 'AWS' } };
export const nestedContainerWithoutProfile: Authentication<'cloud'> = { ...base, user: {}, cloud: { provider: 'AWS' }, actor: { process: { container: { name: 'web' } } } };
export const profileWithoutItsRequired: Authentication<'cloud'> = { ...base, user: {} };
export const wrongScalar: Process = { pid: 'forty-two' };
export const wrongClassUid: Authentication = { ...base, user: {}, class_uid: 3001 };
`;

const OPTIONS = STRICT_COMPILER_OPTIONS;

const render = (d: ts.Diagnostic): string => {
  const where = d.file && d.start !== undefined ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : '(global)';
  return `${where} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
};

describe('emitted OCSF types typecheck', () => {
  let program: ts.Program;
  const validFile = path.join(TMP, 'valid.ts');
  const invalidFile = path.join(TMP, 'invalid.ts');

  beforeAll(() => {
    const ir = resolve(loadRepository(SCHEMA_DIR));
    for (const f of emitTypes(ir, 'gen')) {
      const full = path.join(TMP, f.path);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, f.content);
    }
    writeFileSync(validFile, VALID);
    writeFileSync(invalidFile, INVALID);
    program = ts.createProgram([validFile, invalidFile], OPTIONS);
  });

  afterAll(() => rmSync(TMP, { recursive: true, force: true }));

  it('compiles the types and the valid usages with zero diagnostics', () => {
    const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file?.fileName !== invalidFile);
    expect(diagnostics.map(render)).toEqual([]);
    // The type files are part of the program, not skipped as unresolved imports.
    expect(program.getSourceFiles().filter((f) => f.fileName.startsWith(path.join(TMP, 'gen', 'types')))).toHaveLength(5);
  });

  it('reports exactly the expected diagnostic for each invalid usage', () => {
    const source = program.getSourceFile(invalidFile);
    if (source === undefined) throw new Error('invalid.ts is not in the program');
    const diagnostics = ts.getPreEmitDiagnostics(program, source);
    const found: Record<string, string[]> = {};
    for (const statement of source.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      const declared = statement.declarationList.declarations[0]?.name.getText(source) ?? '';
      const inside = diagnostics.filter((d) => d.start !== undefined && d.start >= statement.pos && d.start < statement.end);
      if (declared in INVALID_CASES || inside.length > 0) found[declared] = inside.map(render);
    }
    expect(Object.keys(found).sort()).toEqual(Object.keys(INVALID_CASES).sort());
    for (const [name, expected] of Object.entries(INVALID_CASES)) {
      const got = found[name] ?? [];
      expect(got, name).toHaveLength(1);
      expect(got[0], name).toContain(`TS${expected.code}: `);
      expect(got[0], name).toContain(expected.text);
    }
  });
});
