/**
 * Makes the `Destination` a configured destination describes: its type from the registry, its
 * record encoder from the formats table, TLS, its own directory, and where its warnings go
 * (`warn`, default: standard error, each line naming the destination).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ProductIdentity } from '../mappers/product.js';
import type { Destination } from '../destinations/destination.js';
import { destinationType } from '../destinations/registry.js';
import { recordFormat } from '../formats/record-format.js';
import type { EventTypeRegistry } from '../registry/registry.js';
import type { DestinationConfig } from './config/load.js';

export function openDestination(dc: DestinationConfig, dataDir: string, product: ProductIdentity, registry: EventTypeRegistry, warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Destination {
  const type = destinationType(dc.type);
  if (type === undefined) throw new Error(`destination ${dc.name}: "${dc.type}" is not a destination type of this version`);
  const format = recordFormat(dc.format);
  if (format === undefined) throw new Error(`destination ${dc.name}: "${dc.format}" is not a record format`);
  const laneDir = path.join(dataDir, dc.name);
  mkdirSync(laneDir, { recursive: true });
  return type.create(dc.settings as never, {
    name: dc.name,
    format: dc.format,
    encode: format.encoder({ product, registry, ...type.recordOptions?.(dc.settings as never) }),
    ...(format.canonicalJson === true ? { canonicalJsonRecords: true } : {}),
    ...(dc.tls !== undefined ? { tls: { ...dc.tls, verify: dc.tls.verify ?? true } } : {}),
    timeoutMs: dc.timeout_ms,
    maxConcurrency: typeof dc.concurrency === 'number' ? dc.concurrency : dc.concurrency.adaptive.max_concurrency,
    dataDir: laneDir,
    warn: (message) => warn(`destination ${dc.name}: ${message}`),
  });
}
