/**
 * The ECS generator: `ecs_flat.yml` -> `generated/ecs/<version>/` in three stages,
 * load (read and drop prose) -> resolve (derive and cross-check) -> emit (print TypeScript).
 */
import path from 'node:path';
import type { Generator } from '../output.js';
import { emitEcs } from './emit.js';
import { parseEcsFlat, readEcsFlat } from './load.js';
import { resolveEcs } from './resolve.js';

/**
 * The ECS release compiled. `ecs_flat.yml` does not name its own version, so it is pinned here
 * next to the default data set folder and the `@elastic/ecs` types the validator uses.
 */
export const ECS_SOURCE_VERSION = '9.4.0';

export const ecsGenerator: Generator = {
  name: 'ecs',
  owns: ['generated/ecs'],
  run(options) {
    const dir = options.dirs.ecs ?? path.join(options.schemasDir, `ecs-${ECS_SOURCE_VERSION}`);
    const model = resolveEcs(parseEcsFlat(readEcsFlat(dir)));
    return emitEcs(model, { version: ECS_SOURCE_VERSION });
  },
};
