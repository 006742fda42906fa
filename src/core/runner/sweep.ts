import { RunnerError } from './runnerErrors';

export type SearchSpace =
  | { distribution: 'uniform' | 'log_uniform' | 'int_uniform'; min: number; max: number }
  | { choice: readonly unknown[] };

export interface SweepSpec {
  /** Grid: every combination of these values. */
  matrix?: Readonly<Record<string, readonly unknown[]>>;
  /** Random search: `samples` draws from each param's space, reproducible from `seed`. */
  search?: { samples: number; seed?: number; params: Readonly<Record<string, SearchSpace>> };
  /** How many child runs may run at once. */
  parallel?: number;
}

/** One child run's params: dotted key → value, applied over params.yaml. */
export type Overrides = Record<string, unknown>;

/** A small seeded PRNG (mulberry32): the same seed gives the same sweep on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function draw(space: SearchSpace, next: () => number): unknown {
  if ('choice' in space) return space.choice[Math.floor(next() * space.choice.length)];
  const { min, max } = space;
  switch (space.distribution) {
    case 'uniform': return min + next() * (max - min);
    case 'log_uniform': return Math.exp(Math.log(min) + next() * (Math.log(max) - Math.log(min)));
    case 'int_uniform': return Math.floor(min + next() * (max - min + 1));
  }
}

/** Rounds random draws to 6 significant digits so run names and params stay readable. */
function tidy(value: unknown): unknown {
  return typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(6)) : value;
}

/** Expands a sweep into one overrides object per child run, in a stable order. */
export function expandSweep(spec: SweepSpec | undefined): Overrides[] {
  if (spec?.matrix) {
    let combos: Overrides[] = [{}];
    for (const [key, values] of Object.entries(spec.matrix)) {
      combos = combos.flatMap((combo) => values.map((value) => ({ ...combo, [key]: value })));
    }
    return combos;
  }
  if (spec?.search) {
    const next = seededRandom(spec.search.seed ?? 0);
    return Array.from({ length: spec.search.samples }, () => {
      const combo: Overrides = {};
      for (const [key, space] of Object.entries(spec.search!.params)) combo[key] = tidy(draw(space, next));
      return combo;
    });
  }
  throw new RunnerError('no-sweep', 'the pipeline has no sweep: add `sweep:` with `matrix:` or `search:` to mlops.yaml');
}

/** A short human name for a child run: `lr=0.1 epochs=50`. */
export function overridesLabel(overrides: Overrides): string {
  return Object.entries(overrides).map(([key, value]) => `${key.split('.').pop()}=${typeof value === 'string' ? value : JSON.stringify(value)}`).join(' ');
}

/** Parses `-P key=value` overrides; values are YAML-ish scalars (numbers, booleans, null, strings). */
export function parseOverride(text: string): [string, unknown] {
  const eq = text.indexOf('=');
  const key = text.slice(0, eq).trim();
  if (eq <= 0 || !/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/.test(key)) {
    throw new RunnerError('bad-override', `'${text}' is not key=value (for example train.lr=0.05)`);
  }
  const raw = text.slice(eq + 1).trim();
  if (raw === 'true' || raw === 'false') return [key, raw === 'true'];
  if (raw === 'null' || raw === '~') return [key, null];
  if (raw !== '' && !Number.isNaN(Number(raw))) return [key, Number(raw)];
  return [key, raw.replace(/^(['"])(.*)\1$/, '$2')];
}
