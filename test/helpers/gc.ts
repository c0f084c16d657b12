/**
 * A full garbage collection on demand, without starting the test process with `--expose-gc`: the
 * flag is set at run time and `gc` taken from a fresh context, which sees it.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

export function collectGarbage(): void {
  v8.setFlagsFromString('--expose_gc');
  (vm.runInNewContext('gc') as () => void)();
}
