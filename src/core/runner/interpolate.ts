import { RunnerError } from './runnerErrors';
import { paramAt, type Params, type RunnableStage } from './runnableStage';

const placeholder = /\$\{([^}]*)\}/g;

/**
 * Quotes one word for POSIX sh so that the shell sees it as a single literal argument: a value
 * such as `'; rm -rf ~` stays text. Single quotes leave everything literal; an embedded single
 * quote closes, escapes and reopens.
 */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_./:=@%+,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

function paramText(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** The values one `${...}` stands for: a param's value, or a stage's outs (several words). */
function resolve(expression: string, params: Params, stages: ReadonlyMap<string, RunnableStage>): string[] {
  const path = expression.trim();
  if (path.startsWith('params.')) {
    const value = paramAt(params, path.slice('params.'.length));
    if (value === undefined) throw new RunnerError('missing-param', `\${${path}} names a param that is not in the params file`);
    return [paramText(value)];
  }
  const match = /^([A-Za-z_][\w-]*)\.outs(?:\[(\d+)\])?$/.exec(path);
  const stage = match ? stages.get(match[1]!) : undefined;
  if (!match || !stage) throw new RunnerError('unknown-interpolation', `\${${path}} is neither \${params.<key>} nor \${<stage>.outs}`);
  if (match[2] === undefined) return [...stage.outs];
  const out = stage.outs[Number(match[2])];
  if (out === undefined) throw new RunnerError('unknown-interpolation', `\${${path}}: stage ${stage.name} has ${stage.outs.length} outs`);
  return [out];
}

/**
 * Turns a stage's cmd into the argv to spawn. A list cmd is an argv: each element is
 * interpolated as text, and an element that is exactly `${stage.outs}` expands to one argument
 * per output. A string cmd becomes `sh -c <script>` where every interpolated value is quoted.
 */
export function commandLine(stage: RunnableStage, params: Params, stages: ReadonlyMap<string, RunnableStage>): string[] {
  if (typeof stage.cmd === 'string') {
    const script = stage.cmd.replace(placeholder, (_, expression: string) => resolve(expression, params, stages).map(shellQuote).join(' '));
    return ['sh', '-c', script];
  }
  return stage.cmd.flatMap((arg) => {
    const whole = /^\$\{([^}]*)\}$/.exec(arg);
    if (whole) return resolve(whole[1]!, params, stages);
    return [arg.replace(placeholder, (_, expression: string) => resolve(expression, params, stages).join(' '))];
  });
}
