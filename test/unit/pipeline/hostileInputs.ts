// Inputs meant to break or stall the pipeline checker, shared by the fuzz test (which checks the
// answers) and bench/validate.mjs (which times them).
import type { Rng } from './pipelineTestKit';

const int = (rng: Rng, n: number): number => Math.floor(rng() * n);

/** [name, text] pairs: junk, huge, deeply nested, long lines, alias bombs. */
export function hostileInputs(rng: Rng): [string, string][] {
  const junk = (n: number): string => Array.from({ length: n }, () => String.fromCharCode(int(rng, 0x3000))).join('');
  const bomb = ['x-a: &a [x,x,x,x,x,x,x,x,x]', ...'bcdefghi'.split('').map((c, i) => `x-${c}: &${c} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`), 'stages: {s: {cmd: *i}}'].join('\n');
  const stage = (i: number): string => `  s${i}:\n    cmd: python3 s${i}.py --x \${params.x}\n    deps: [src/s${i}.py]\n    outs: [out/s${i}]\n`;
  return [
    ['binary junk', junk(20_000)],
    ['1 MB of junk on one line', 'a: '.repeat(1) + 'x'.repeat(1_000_000)],
    ['deep flow nesting', `stages: ${'['.repeat(50_000)}`],
    ['deep block nesting', Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')],
    ['alias bomb', bomb],
    ['unterminated quote', `stages:\n  a:\n    cmd: "${'x '.repeat(50_000)}`],
    ['many documents', 'a: 1\n---\n'.repeat(2000)],
    ['many unterminated quotes', Array.from({ length: 3000 }, (_, i) => `k${i}: "open\n`).join('')],
    ['20,000 block-scalar commands', `stages:\n${Array.from({ length: 20_000 }, (_, i) => `  s${i}:\n    cmd: |\n      python3 run.py\n      --flag ${i}\n`).join('')}`],
    ['10 MB pipeline', `stages:\n${Array.from({ length: 90_000 }, (_, i) => stage(i)).join('')}`],
  ];
}
