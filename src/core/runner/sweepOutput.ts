import { overridesLabel, type Overrides } from './sweep';

/**
 * Splits chunks of process output into whole lines, so lines from processes running side by side
 * can be labelled and interleaved without cutting one another in half.
 */
export class LineBuffer {
  private partial = '';

  /** The whole lines completed by this chunk, each with its newline; the rest waits. */
  push(text: string): string[] {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    return parts.map((line) => `${line}\n`);
  }

  /** The last line when the process ended without a newline. */
  flush(): string[] {
    const rest = this.partial;
    this.partial = '';
    return rest ? [`${rest}\n`] : [];
  }
}

/** A sweep child's label in interleaved output: its number and its params, `#3 lr=0.1 l2=0`. */
export function sweepChildLabel(index: number, overrides: Overrides): string {
  const params = overridesLabel(overrides);
  return params ? `#${index + 1} ${params}` : `#${index + 1}`;
}

/**
 * Prefixes every line of `text` with `[label] ` (text from a sweep child, whole lines); without a
 * label the text is returned as it is. A trailing newline stays a line end, not an empty line.
 */
export function labelLines(label: string | undefined, text: string): string {
  if (label === undefined || text === '') return text;
  const ends = text.endsWith('\n');
  const lines = (ends ? text.slice(0, -1) : text).split('\n');
  return lines.map((line) => `[${label}] ${line}`).join('\n') + (ends ? '\n' : '');
}

/** How far a sweep is, as the progress notification and `mlops run --sweep` say it. */
export function sweepProgress(done: number, total: number): string {
  return `${done} of ${total} run${total === 1 ? '' : 's'} done`;
}
