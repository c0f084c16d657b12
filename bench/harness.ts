/**
 * The benchmark harness every `bench/*.bench.ts` uses (DESIGN.md §7): each contender is warmed
 * up, then timed over several rounds of a fixed number of calls; the median round is reported,
 * which is steadier than the mean against GC pauses and a noisy neighbour. Results are printed as
 * events per second and as a ratio to the baseline measured in the same run.
 */

export interface Contender {
  readonly name: string;
  /** One call of the hot path; return something derived from the work so it is not optimised away. */
  readonly run: () => unknown;
}

export interface BenchOptions {
  readonly warmup?: number;
  readonly iterations?: number;
  readonly rounds?: number;
}

export interface BenchResult {
  readonly name: string;
  readonly eventsPerSecond: number;
  /** eventsPerSecond divided by the baseline's. */
  readonly ratio: number;
}

/** The median of some values (the upper one of an even count). */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
}

/** The median of some rounds by their `rate` (the upper one of an even count), with the range of the rates. */
export function medianRound<T extends { readonly rate: number }>(rounds: readonly T[]): T & { readonly min: number; readonly max: number } {
  const sorted = [...rounds].sort((a, b) => a.rate - b.rate);
  return { ...(sorted[Math.floor(sorted.length / 2)] as T), min: sorted[0]?.rate ?? 0, max: sorted.at(-1)?.rate ?? 0 };
}

/**
 * Two contenders that took turns, compared round by round: in how many rounds the first was the
 * faster, and the sign test's one-sided p-value of that count (the chance of at least as many wins
 * if neither were faster: the binomial tail at one half). On a busy machine a ratio of medians
 * within 10-20 % says little on its own; pairing each round with its neighbour in time does.
 */
export function roundsWon(ours: readonly { readonly rate: number }[], theirs: readonly { readonly rate: number }[]): { readonly won: number; readonly of: number; readonly p: number } {
  const of = Math.min(ours.length, theirs.length);
  let won = 0;
  for (let r = 0; r < of; r++) if ((ours[r] as { rate: number }).rate > (theirs[r] as { rate: number }).rate) won++;
  // P(X >= won) for X ~ Binomial(of, 1/2).
  let choose = 1;
  let tail = 0;
  for (let k = 0; k <= of; k++) {
    if (k >= won) tail += choose;
    choose = (choose * (of - k)) / (k + 1);
  }
  return { won, of, p: tail / 2 ** of };
}

/** Events per second of `n` events in `ms` milliseconds. */
export function perSecond(n: number, ms: number): number {
  return (n * 1000) / ms;
}

/**
 * Calls `call` on consecutive slices of `items`, `chunk` long, keeping up to `inFlight` calls
 * running at once (as concurrent producers do), until every call has resolved.
 */
export async function inChunks<T>(items: readonly T[], chunk: number, inFlight: number, call: (slice: T[]) => Promise<unknown>): Promise<void> {
  const running = new Set<Promise<unknown>>();
  for (let i = 0; i < items.length; i += chunk) {
    const p = call(items.slice(i, i + chunk)).finally(() => running.delete(p));
    running.add(p);
    if (running.size >= inFlight) await Promise.race(running);
  }
  await Promise.all(running);
}

/** Events per second of `JSON.stringify` over `events`: the baseline of the end-to-end benches. */
export function stringifyRate(events: readonly unknown[]): number {
  let length = 0;
  const start = performance.now();
  for (const e of events) length += JSON.stringify(e).length;
  const ms = performance.now() - start;
  if (length === 0) throw new Error('nothing was serialised');
  return perSecond(events.length, ms);
}

let sink = 0;

function round(run: () => unknown, iterations: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    const r = run();
    if (r === sink) sink++;
  }
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Times the contenders, interleaving their rounds, and returns events/s and ratios to `baseline`. */
export function bench(title: string, baseline: Contender, contenders: readonly Contender[], options: BenchOptions = {}): BenchResult[] {
  const { warmup = 20_000, iterations = 50_000, rounds = 11 } = options;
  const all = [baseline, ...contenders];
  for (const c of all) round(c.run, warmup);
  const seconds = new Map<string, number[]>(all.map((c) => [c.name, []]));
  for (let r = 0; r < rounds; r++) for (const c of all) seconds.get(c.name)?.push(round(c.run, iterations));
  const perSecond = (name: string): number => {
    const s = [...(seconds.get(name) ?? [])].sort((a, b) => a - b);
    return iterations / (s[Math.floor(s.length / 2)] as number);
  };
  const base = perSecond(baseline.name);
  const results = all.map((c) => ({ name: c.name, eventsPerSecond: perSecond(c.name), ratio: perSecond(c.name) / base }));
  print(title, baseline.name, results);
  return results;
}

function print(title: string, baselineName: string, results: readonly BenchResult[]): void {
  console.log(`\n${title}  (node ${process.version}, median of rounds; ratio = events/s ÷ ${baselineName})`);
  const width = Math.max(...results.map((r) => r.name.length));
  for (const r of results) {
    console.log(`  ${r.name.padEnd(width)}  ${Math.round(r.eventsPerSecond).toLocaleString('en-US').padStart(12)} events/s   ratio ${r.ratio.toFixed(2)}`);
  }
}
