/**
 * The ECS generator: `ecs_flat.yml` -> `generated/ecs/<version>/` in three stages,
 * load (read and drop prose) -> resolve (derive and cross-check) -> emit (print TypeScript).
 */
import path from 'node:path';
import { ECS_PIN } from '../../../schemas/upstream/pins.js';
import type { Generator } from '../output.js';
import { emitEcs } from './emit.js';
import { parseEcsFlat, readEcsFlat } from './load.js';
import { resolveEcs } from './resolve.js';

/**
 * The ECS release compiled. `ecs_flat.yml` does not name its own version, so the pin in
 * `schemas/upstream/pins.ts` names it, next to the default data set folder.
 */
export const ECS_SOURCE_VERSION = ECS_PIN.version;

export const ecsGenerator: Generator = {
  name: 'ecs',
  owns: ['generated/ecs'],
  run(options) {
    const dir = options.dirs.ecs ?? path.join(options.schemasDir, ECS_PIN.dataset);
    const model = resolveEcs(parseEcsFlat(readEcsFlat(dir)));
    return emitEcs(model, { version: ECS_SOURCE_VERSION });
  },
};
