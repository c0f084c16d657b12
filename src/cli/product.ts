/**
 * The product identity that mappers stamp on events (OCSF `metadata.product`, CEF/LEEF headers):
 * from `--vendor`, `--product`, `--product-version`, or the `product` section of a configuration
 * file (DESIGN.md §5b, YAML or JSON). Flags win over the file.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { ProductIdentity } from '../mappers/product.js';

export type { ProductIdentity };

export interface ProductFlags {
  readonly vendor?: string;
  readonly product?: string;
  readonly productVersion?: string;
  readonly config?: string;
}

/** Used when neither flags nor a configuration name the product. */
export const DEFAULT_PRODUCT: ProductIdentity = { vendor: 'siemkit', name: 'siemkit' };

const PRODUCT_KEYS = new Set(['vendor', 'name', 'version']);

/** Reads `product` from a configuration file; names the file, the key and the reason on error. */
export function productFromConfig(file: string): Partial<ProductIdentity> {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${file}: a configuration is a YAML or JSON object`);
  const product = (doc as Record<string, unknown>).product;
  if (product === undefined) return {};
  if (product === null || typeof product !== 'object' || Array.isArray(product)) throw new Error(`${file}: /product must be an object with vendor, name and version`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(product)) {
    if (!PRODUCT_KEYS.has(k)) throw new Error(`${file}: /product/${k} is not a known key (vendor, name, version)`);
    if (typeof v !== 'string' && typeof v !== 'number') throw new Error(`${file}: /product/${k} must be a string`);
    out[k] = String(v);
  }
  return out;
}

export function resolveProduct(flags: ProductFlags): ProductIdentity {
  const fromFile = flags.config === undefined ? {} : productFromConfig(flags.config);
  const version = flags.productVersion ?? fromFile.version;
  return {
    vendor: flags.vendor ?? fromFile.vendor ?? DEFAULT_PRODUCT.vendor,
    name: flags.product ?? fromFile.name ?? DEFAULT_PRODUCT.name,
    ...(version !== undefined ? { version } : {}),
  };
}
