/**
 * A vitest setup file: `SIEMKIT_PROPERTY_SEED=<n>` makes every fast-check property of the run start
 * from that seed, so a failure that a long soak printed (`{ seed: …, path: … }`) can be run again
 * and found again: the same seed gives the same cases, in the same order, up to the one that failed.
 * Without it, each run draws a seed of its own, as fast-check does by default.
 */
import fc from 'fast-check';

const seed = process.env.SIEMKIT_PROPERTY_SEED;
if (seed !== undefined && seed !== '') {
  const n = Number(seed);
  if (!Number.isSafeInteger(n)) throw new Error(`SIEMKIT_PROPERTY_SEED must be an integer (the seed a failure printed), got ${JSON.stringify(seed)}`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: n });
}
