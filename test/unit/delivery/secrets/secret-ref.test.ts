import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSecretRef, isSecretRef, parseSecretRef, requireSecretRef, resolveSecret, resolveSecretRef, SecretRefError } from '../../../../src/delivery/secrets/secret-ref.js';

const dir = mkdtempSync(path.join(tmpdir(), 'siemkit-secret-'));

function thrown(fn: () => unknown): SecretRefError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SecretRefError);
    return err as SecretRefError;
  }
  throw new Error('expected a SecretRefError');
}

describe('parseSecretRef', () => {
  it('recognises exactly one env or file reference', () => {
    expect(parseSecretRef('${env:HEC_TOKEN}')).toEqual({ kind: 'env', name: 'HEC_TOKEN' });
    expect(parseSecretRef('${env:_x1}')).toEqual({ kind: 'env', name: '_x1' });
    expect(parseSecretRef('${file:/run/secrets/hec}')).toEqual({ kind: 'file', path: '/run/secrets/hec' });
    expect(parseSecretRef('${file:./relative token.txt}')).toEqual({ kind: 'file', path: './relative token.txt' });
  });

  it.each([
    'plain-secret',
    '',
    '${env:}',
    '${env:1ABC}',
    '${env:A-B}',
    '${ENV:A}',
    '${vault:a/b}',
    '${file:}',
    '${file:   }',
    ' ${env:A}',
    '${env:A} ',
    'Bearer ${env:A}',
    '${env:A}${env:B}',
    '${file:/a}/b}',
    '$env:A',
    '{env:A}',
  ])('%j is not a reference', (text) => {
    expect(parseSecretRef(text)).toBeUndefined();
    expect(isSecretRef(text)).toBe(false);
  });

  it('is not fooled by non-strings', () => {
    for (const v of [undefined, null, 1, {}, ['${env:A}']]) expect(parseSecretRef(v)).toBeUndefined();
  });

  it('formats a reference back as written', () => {
    expect(formatSecretRef({ kind: 'env', name: 'A' })).toBe('${env:A}');
    expect(formatSecretRef({ kind: 'file', path: '/x' })).toBe('${file:/x}');
  });
});

describe('requireSecretRef', () => {
  it('names the key and never echoes a secret written in clear', () => {
    const err = thrown(() => requireSecretRef('hunter2-the-real-token', 'destinations[0].token'));
    expect(err.keyPath).toBe('destinations[0].token');
    expect(err.message).toContain('destinations[0].token');
    expect(err.message).toContain('in clear');
    expect(err.message).not.toContain('hunter2');
  });

  it('says when a reference is malformed, without echoing it', () => {
    const err = thrown(() => requireSecretRef('x${env:A-B}', 'inputs.http.token'));
    expect(err.message).toContain('not one well-formed reference');
    expect(err.message).not.toContain('A-B');
  });

  it('names the type of a non-string', () => {
    expect(thrown(() => requireSecretRef(42, 'k')).message).toContain('is a number');
    expect(thrown(() => requireSecretRef(null, 'k')).message).toContain('is a null');
  });
});

describe('resolveSecret', () => {
  it('reads an environment variable as it is', () => {
    expect(resolveSecretRef('${env:T}', 'k', { env: { T: ' tok en \n' } })).toBe(' tok en \n');
  });

  it('reports an unset or empty variable with the key and name, not a value', () => {
    const unset = thrown(() => resolveSecretRef('${env:MISSING_TOKEN}', 'destinations[2].api_key', { env: {} }));
    expect(unset.message).toBe('destinations[2].api_key: ${env:MISSING_TOKEN}: environment variable MISSING_TOKEN is not set');
    expect(unset.ref).toEqual({ kind: 'env', name: 'MISSING_TOKEN' });
    expect(thrown(() => resolveSecretRef('${env:E}', 'k', { env: { E: '' } })).message).toContain('is empty');
  });

  it('reads process.env by default', () => {
    process.env.SIEMKIT_TEST_SECRET_REF = 'from-process';
    try {
      expect(resolveSecretRef('${env:SIEMKIT_TEST_SECRET_REF}', 'k')).toBe('from-process');
    } finally {
      delete process.env.SIEMKIT_TEST_SECRET_REF;
    }
  });

  it('reads a file less one trailing newline, LF or CRLF', () => {
    const cases: [string, string][] = [
      ['no-newline', 'abc'],
      ['lf', 'abc\n'],
      ['crlf', 'abc\r\n'],
      ['two-lf', 'abc\n\n'],
      ['space', 'abc \n'],
    ];
    const want: Record<string, string> = { 'no-newline': 'abc', lf: 'abc', crlf: 'abc', 'two-lf': 'abc\n', space: 'abc ' };
    for (const [name, content] of cases) {
      const file = path.join(dir, name);
      writeFileSync(file, content);
      expect(resolveSecret({ kind: 'file', path: file }, 'k')).toBe(want[name]);
    }
  });

  it('resolves a relative file against baseDir', () => {
    writeFileSync(path.join(dir, 'rel.txt'), 's3cr3t\n');
    expect(resolveSecretRef('${file:rel.txt}', 'k', { baseDir: dir })).toBe('s3cr3t');
  });

  it('reports a missing, empty or directory file with key and path, never contents', () => {
    const missing = thrown(() => resolveSecretRef('${file:/nonexistent/siemkit/x}', 'destinations[1].password'));
    expect(missing.message).toBe('destinations[1].password: ${file:/nonexistent/siemkit/x}: file /nonexistent/siemkit/x does not exist');
    const empty = path.join(dir, 'empty');
    writeFileSync(empty, '\n');
    expect(thrown(() => resolveSecretRef(`\${file:${empty}}`, 'k')).message).toContain('is empty');
    const sub = path.join(dir, 'sub');
    mkdirSync(sub, { recursive: true });
    expect(thrown(() => resolveSecretRef(`\${file:${sub}}`, 'k')).message).toContain('is a directory');
  });
});
