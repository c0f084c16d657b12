export { MappingError } from '../errors.js';
export type { FromEcsOptions } from './from-ecs.js';
export { fromEcs } from './from-ecs.js';
export type { EcsEventDocument, SiemkitFields, SiemkitLabel } from './siemkit.js';
export { SIEMKIT_FIELD_SET } from './siemkit.js';
export type { ToEcsOptions } from './to-ecs.js';
export { toEcs } from './to-ecs.js';
export { ecsTopLevelNames } from './top-level-names.js';
