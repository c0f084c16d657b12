// The one-way layering of DESIGN.md §6, as an ESLint rule.
//
//   schemas -> generated -> registry -> validate -> standards -> mappers -> formats -> destinations -> delivery -> samples -> cli -> index
//
// A module may import from its own layer or from any layer to its left, never from its right.
// Scripts, tests and benchmarks sit outside the chain: they may import anything, and nothing in
// the chain may import them.
import path from 'node:path';

/** Layers in order, leftmost first. `prefix` is a path from the repository root. */
export const LAYERS = [
  { name: 'schemas', prefix: 'schemas/' },
  { name: 'generated', prefix: 'generated/' },
  { name: 'registry', prefix: 'src/registry/' },
  { name: 'validate', prefix: 'src/validate/' },
  { name: 'standards', prefix: 'src/ocsf/' },
  { name: 'standards', prefix: 'src/ecs/' },
  { name: 'mappers', prefix: 'src/mappers/' },
  { name: 'formats', prefix: 'src/formats/' },
  { name: 'destinations', prefix: 'src/destinations/' },
  { name: 'delivery', prefix: 'src/delivery/' },
  { name: 'samples', prefix: 'src/samples/' },
  { name: 'cli', prefix: 'src/cli/' },
  { name: 'index', prefix: 'src/index.ts' },
];
const ORDER = ['schemas', 'generated', 'registry', 'validate', 'standards', 'mappers', 'formats', 'destinations', 'delivery', 'samples', 'cli', 'index'];
const OUTSIDE = ['scripts/', 'test/', 'bench/'];

/** The layer of a repository-relative path, 'outside' for tools, or undefined for anything else. */
export function layerOf(rel) {
  const p = rel.split(path.sep).join('/');
  if (OUTSIDE.some((o) => p.startsWith(o))) return 'outside';
  const hit = LAYERS.find((l) => p === l.prefix || p.startsWith(l.prefix));
  return hit?.name;
}

export const layeringRule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports flow one way: schemas -> generated -> ... -> cli (DESIGN.md §6)' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
    messages: {
      rightward: "'{{from}}' (layer {{fromLayer}}) must not import '{{to}}' (layer {{toLayer}}): layers import only from their left.",
      tooling: "'{{from}}' (layer {{fromLayer}}) must not import '{{to}}': scripts, tests and benchmarks are not part of the package.",
      unlayered: "'{{from}}' is in no layer of DESIGN.md §6: place it in one (see scripts/lint/layers.js).",
    },
  },
  create(context) {
    const root = context.options[0]?.root ?? context.cwd;
    const file = context.filename;
    const fromRel = path.relative(root, file);
    const fromLayer = layerOf(fromRel);
    if (fromLayer === 'outside' || fromRel.startsWith('..')) return {};
    function check(node, source) {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const toRel = path.relative(root, path.resolve(path.dirname(file), source));
      const toLayer = layerOf(toRel);
      const data = { from: fromRel, to: toRel, fromLayer, toLayer };
      if (toLayer === 'outside') return context.report({ node, messageId: 'tooling', data });
      if (toLayer === undefined) return;
      if (ORDER.indexOf(toLayer) > ORDER.indexOf(fromLayer)) context.report({ node, messageId: 'rightward', data });
    }
    return {
      Program(node) {
        if (fromLayer === undefined && (fromRel.startsWith('src/') || fromRel.startsWith('generated/') || fromRel.startsWith('schemas/'))) {
          context.report({ node, messageId: 'unlayered', data: { from: fromRel } });
        }
      },
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

export default { rules: { layering: layeringRule } };
