/**
 * Secret references (configuration contract v1, DESIGN.md §5b): a secret is never written in the
 * configuration itself, only as a reference to where it lives.
 *
 *   ${env:NAME}     the value of environment variable NAME (POSIX name: letters, digits, `_`)
 *   ${file:/path}   the contents of a file, less one trailing newline (`\n` or `\r\n`), so that
 *                   `echo secret > file` and Kubernetes / Docker secret files both work
 *
 * A string is a reference only when it is exactly one reference, nothing before or after it:
 * `Bearer ${env:T}` or `${env:A}${env:B}` are not references (the configuration loader reports
 * them as secrets given in clear).
 *
 * Errors name the configuration key and the reference (its kind and the variable name or file
 * path, which are not secret) and never the value: not the resolved value, and not the string
 * found where a reference was expected, which may be a secret pasted in clear.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Where a secret lives. */
export type SecretRef = { readonly kind: 'env'; readonly name: string } | { readonly kind: 'file'; readonly path: string };

/** POSIX.1-2017 §8.1: environment variable names are letters, digits and `_`, not starting with a digit. */
const ENV_REF = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/;
/** Any path without `}` (which would end the reference) and not blank. */
const FILE_REF = /^\$\{file:([^}]*[^}\s][^}]*)\}$/;

/** The reference `value` holds, or undefined when it is not exactly one well-formed reference. */
export function parseSecretRef(value: unknown): SecretRef | undefined {
  if (typeof value !== 'string') return undefined;
  const env = ENV_REF.exec(value);
  if (env !== null) return { kind: 'env', name: env[1] as string };
  const file = FILE_REF.exec(value);
  if (file !== null) return { kind: 'file', path: file[1] as string };
  return undefined;
}

/** Whether `value` is exactly one secret reference. */
export function isSecretRef(value: unknown): value is string {
  return parseSecretRef(value) !== undefined;
}

/** The reference written back as in the configuration (`${env:NAME}`): safe to show. */
export function formatSecretRef(ref: SecretRef): string {
  return ref.kind === 'env' ? `\${env:${ref.name}}` : `\${file:${ref.path}}`;
}

/** Why a secret could not be had. The message names the key and the reference, never a value. */
export class SecretRefError extends Error {
  override readonly name = 'SecretRefError';
  constructor(
    /** The configuration key that holds the reference (`destinations[0].token`). */
    readonly keyPath: string,
    /** The reference, when there was one. */
    readonly ref: SecretRef | undefined,
    /** What went wrong, without the value. */
    readonly reason: string,
  ) {
    super(ref === undefined ? `${keyPath}: ${reason}` : `${keyPath}: ${formatSecretRef(ref)}: ${reason}`);
  }
}

export interface SecretResolveOptions {
  /** The environment `${env:...}` reads. Default: `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The folder a relative `${file:...}` path is resolved against (the configuration file's). Default: the working directory. */
  readonly baseDir?: string;
}

/**
 * Checks that `value` is a secret reference and returns it; throws a `SecretRefError` naming
 * `keyPath` otherwise. The value itself is never put in the error: a string that is not a
 * reference may be the secret written in clear.
 */
export function requireSecretRef(value: unknown, keyPath: string): SecretRef {
  const ref = parseSecretRef(value);
  if (ref !== undefined) return ref;
  const what = typeof value === 'string' ? (value.includes('${') ? 'is not one well-formed reference' : 'is given in clear') : `is a ${value === null ? 'null' : typeof value}`;
  throw new SecretRefError(keyPath, undefined, `${what}; a secret is given only as \${env:NAME} or \${file:/path}`);
}

/** Reads the secret `ref` points to. Throws a `SecretRefError` when it is missing or empty. */
export function resolveSecret(ref: SecretRef, keyPath: string, options: SecretResolveOptions = {}): string {
  if (ref.kind === 'env') {
    const value = (options.env ?? process.env)[ref.name];
    if (value === undefined) throw new SecretRefError(keyPath, ref, `environment variable ${ref.name} is not set`);
    if (value === '') throw new SecretRefError(keyPath, ref, `environment variable ${ref.name} is empty`);
    return value;
  }
  const file = path.resolve(options.baseDir ?? process.cwd(), ref.path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new SecretRefError(keyPath, ref, fileProblem(err, file));
  }
  // One trailing newline only: a secret may itself end in other whitespace.
  const value = text.endsWith('\r\n') ? text.slice(0, -2) : text.endsWith('\n') ? text.slice(0, -1) : text;
  if (value === '') throw new SecretRefError(keyPath, ref, `file ${file} is empty`);
  return value;
}

/** `requireSecretRef` then `resolveSecret`: the secret configured at `keyPath`. */
export function resolveSecretRef(value: unknown, keyPath: string, options: SecretResolveOptions = {}): string {
  return resolveSecret(requireSecretRef(value, keyPath), keyPath, options);
}

/** The file error in words, from its code only: Node's message is fine too, but the code is enough. */
function fileProblem(err: unknown, file: string): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return `file ${file} does not exist`;
    case 'EACCES':
    case 'EPERM':
      return `file ${file} is not readable (${code})`;
    case 'EISDIR':
      return `${file} is a directory, not a file`;
    default:
      return `file ${file} could not be read (${code ?? 'unknown error'})`;
  }
}
