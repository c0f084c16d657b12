/**
 * `toOcsf`: a canonical event as an OCSF 1.1.0 event of the class its event type chooses (its
 * category's default for an unregistered action, DESIGN.md §2), valid under `validateOcsf` with
 * no error for every valid canonical event. Each canonical field goes to one home: its OCSF
 * attribute where the class has one, otherwise `unmapped.siemkit` (docs/mapping-ocsf.md), so that
 * `fromOcsf` gives the event back exactly. `buildOcsfRecord` derives `class_uid`, `category_uid`,
 * `type_uid` and the captions of the top-level ids (header.ts); the mapper writes the captions of
 * the few ids it sets inside objects itself (`user.type`, `file.type`, ...), and the tests check
 * them against the schema.
 *
 * The result may share nested payload values with `event`: treat both as immutable.
 */
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import type { OcsfClassByName } from '../../../generated/ocsf/1.1.0/types/index.js';
import type { EventTypeRegistry } from '../../registry/registry.js';
import { BUILT_IN_REGISTRY } from '../../registry/registry.js';
import { putActor } from './actor.js';
import { categoryOf } from './category.js';
import type { MappedClassName, MappedProfiles } from './class-mapper.js';
import { MAPPED_CLASSES } from './class-mapper.js';
import { classMapperByName } from './class-registry.js';
import { putHeader, putLabels, putMessage, putMetadata, putProfiles, putRequestId, putSession, putTime } from './common.js';
import type { OcsfProduct } from './context.js';
import { ToContext } from './context.js';
import { MappingError } from '../errors.js';
import { putPayload } from './payload.js';
import type { Obj } from './read.js';
import { putSource } from './source.js';
import { UNMAPPED_NAMESPACE } from './unmapped.js';

export interface ToOcsfOptions {
  /** Product identity for `metadata.product` (`vendor_name`, `name`, `version`). */
  readonly product: OcsfProduct;
  /** The event types whose OCSF class and activity apply. Default: the built-in registry. */
  readonly registry?: EventTypeRegistry;
}

/** What `toOcsf` returns: an event of one of the mapped classes, with the profiles it may declare. */
export type OcsfMappedEvent = OcsfClassByName<MappedProfiles>[MappedClassName];

export function toOcsf(event: CanonicalEvent, options: ToOcsfOptions): OcsfMappedEvent {
  const registry = options.registry ?? BUILT_IN_REGISTRY;
  const mapping = registry.mapping(event.category, event.action);
  const mapper = classMapperByName(mapping.ocsf.class);
  if (mapper === undefined) {
    throw new MappingError('/action', `the event type of "${event.action}" maps to OCSF class "${mapping.ocsf.class}", which toOcsf does not map to (it maps to ${MAPPED_CLASSES.join(', ')})`);
  }
  const ctx = new ToContext(event, mapping, registry, options.product);
  const homes = mapper.homes;
  // The order only sets the order of the members in the output.
  const out: Obj = putHeader(ctx, mapper.name, homes);
  putMetadata(ctx, out);
  putTime(ctx, out);
  putMessage(ctx, out);
  putActor(ctx, out);
  putSource(ctx, homes, out);
  putSession(ctx, homes, out);
  putRequestId(ctx, homes, out);
  // The class's objects exist before the payload homes write into them; what the class still
  // requires after both is filled last.
  mapper.toClass(ctx, out);
  putPayload(ctx, mapper.payload, out);
  mapper.complete?.(ctx, out);
  putLabels(ctx, out);
  if (categoryOf(registry, event.action, mapper.name) !== event.category) ctx.kept.category = event.category;
  putProfiles(ctx, homes, out);
  for (const _ in ctx.kept) {
    out.unmapped = { [UNMAPPED_NAMESPACE]: ctx.kept };
    break;
  }
  return out as OcsfMappedEvent;
}
