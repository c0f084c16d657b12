/**
 * The destination a command names with `--config FILE --destination NAME` (`siemkit test`,
 * `siemkit preview`), opened from the configuration with a redactor that knows its secrets; or the
 * exit code 2 after saying on stderr what was wrong (the configuration, an unknown name, settings
 * the destination refuses).
 */
import type { DestinationConfig, ForwarderConfig } from '../delivery/config/load.js';
import { openDestination } from '../delivery/open-destination.js';
import { Redactor } from '../destinations/transport/redactor.js';
import type { Destination } from '../destinations/destination.js';
import { BUILT_IN_REGISTRY } from '../registry/registry.js';
import { loadConfigOrReport } from './forward.js';
import type { CliIo } from './io.js';

export interface NamedDestination {
  readonly config: ForwarderConfig;
  readonly dc: DestinationConfig;
  readonly destination: Destination;
  readonly redactor: Redactor;
}

export function openNamedDestination(options: { readonly config: string; readonly destination: string }, io: CliIo): NamedDestination | 2 {
  const config = loadConfigOrReport(options.config, io);
  if (config === undefined) return 2;
  const dc = config.destinations.find((d) => d.name === options.destination);
  if (dc === undefined) {
    io.stderr.write(`siemkit: no destination named "${options.destination}" (${config.destinations.map((d) => d.name).join(', ')})\n`);
    return 2;
  }
  const redactor = new Redactor();
  for (const s of config.secrets) redactor.add(s);
  try {
    return { config, dc, destination: openDestination(dc, config.data_dir, config.product, BUILT_IN_REGISTRY), redactor };
  } catch (err) {
    io.stderr.write(`siemkit: ${redactor.redactMessage((err as Error).message)}\n`);
    return 2;
  }
}
