/**
 * A destination type (DESIGN.md §5b `type`) as the registry (registry.ts) holds it: the schema of
 * its own configuration keys, the record formats it accepts, which keys hold secrets, and how to
 * make a `Destination` from checked settings.
 */
import type { Static, TSchema } from 'typebox';
import type { RecordFormatOptions } from '../formats/record-format.js';
import type { DestinationContext } from './context.js';
import type { Destination } from './destination.js';

export interface DestinationType<S extends TSchema = TSchema> {
  /** The `type` of the configuration (`http`, `splunk_hec`). */
  readonly type: string;
  /**
   * The type-specific keys (DESIGN.md §5b): snake_case, durations in `_ms`, sizes in `_bytes`, each
   * with its default. `additionalProperties: false`, so an unknown key is an error.
   */
  readonly settings: S;
  /** The record formats (names from `RECORD_FORMATS`) this type can send. */
  readonly formats: readonly string[];
  /** The format when the configuration gives none. */
  readonly defaultFormat: string;
  /**
   * `concurrency` when the configuration gives none: `adaptive` for a type whose sends are requests
   * a server answers (HTTP), where more than one at a time pays; 1 when absent (a file, one stream).
   */
  readonly defaultConcurrency?: 'adaptive';
  /**
   * Dotted paths of the settings that hold secrets (`auth.password`). Where present, their value
   * must be a `${env:...}` or `${file:...}` reference; the configuration loader resolves it before
   * `create`. A path may be absent (an optional key, or another branch of a union).
   */
  readonly secretKeys: readonly string[];
  /**
   * Dotted paths of the settings that name files (`path`, `lint.dcr_file`): the configuration
   * loader makes a relative one relative to the configuration file, as it does the TLS files.
   */
  readonly pathKeys?: readonly string[];
  /**
   * A destination from settings that passed `settings` (defaults filled; each destination also
   * applies its defaults itself, so code may omit them). Throws `DestinationConfigError` for
   * settings the schema cannot rule out.
   */
  create(settings: Static<S>, context: DestinationContext): Destination;
  /**
   * Options of the record encoder that the type's own keys give (a syslog destination's facility
   * and enterprise number), merged by the runtime into what it builds the encoder with.
   */
  recordOptions?(settings: Static<S>): RecordEncoderSettings;
}

/** The parts of the record format options a destination's keys may set; identity and registry come from the configuration. */
export type RecordEncoderSettings = Partial<Pick<RecordFormatOptions, 'leefDelimiter' | 'syslog'>>;
