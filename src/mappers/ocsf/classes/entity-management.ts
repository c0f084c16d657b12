/**
 * OCSF 3004 Entity Management: the CONFIGURATION category (settings, certificates). `entity`
 * (required) is the resource: `uid`, `name`, `type`. For a settings change, `payload.old_value` is
 * the entity's content before (`entity.data`) and `payload.new_value` after (`entity_result.data`,
 * "the updated managed entity", which repeats the entity's identity). The class has `actor` only
 * through the `host` profile and no `src_endpoint`: `source` is kept whole.
 */
import type { ManagedEntity } from '../../../../generated/ocsf/1.1.0/types/index.js';
import type { ClassMapper, MappedProfiles } from '../class-mapper.js';
import type { PayloadHome } from '../payload.js';
import type { Obj } from '../read.js';
import { objAt } from '../read.js';
import { namedObject, namedResource } from '../resource.js';

type Entity = ManagedEntity<MappedProfiles>;

const PAYLOAD: readonly PayloadHome[] = [
  {
    key: 'old_value',
    put(v, out) {
      if (v === undefined) return false;
      (out.entity as Entity).data = v;
      return true;
    },
    take: (ctx) => objAt(ctx.ocsf, 'entity')?.data,
  },
  {
    key: 'new_value',
    put(v, out, ctx) {
      if (v === undefined) return false;
      const { uid, name, type } = out.entity as Entity;
      const result: Entity = {};
      if (uid !== undefined) result.uid = uid;
      if (name !== undefined) result.name = ctx.isPlaceholder('entity.name') ? ctx.placeholder('entity_result.name') : name;
      if (type !== undefined) result.type = type;
      result.data = v;
      out.entity_result = result;
      return true;
    },
    take: (ctx) => objAt(ctx.ocsf, 'entity_result')?.data,
  },
];

export const entityManagement: ClassMapper = {
  name: 'entity_management',
  uid: 3004,
  homes: { actor: 'host', source: 'none', userAgent: 'none', session: 'actor.session', requestId: 'metadata.correlation_uid', outcome: 'status_id' },
  payload: PAYLOAD,
  toClass(ctx, out: Obj) {
    const r = ctx.event.resource;
    out.entity = r === undefined ? ({ name: ctx.placeholder('entity.name') } satisfies Entity) : namedObject(ctx, r, 'entity');
  },
  resourceFrom: (ctx) => namedResource(ctx, objAt(ctx.ocsf, 'entity'), 'entity', 'entity'),
};
