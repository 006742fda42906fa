// Reads the JSON events of a legacy-builder image build (dockerode's build stream, as Docker 20.10
// sends them) into progress for the notification, text for the log, and, on failure, one sentence
// naming the failing step and what it printed last.

/** One event of the build stream. */
export interface BuildEvent {
  stream?: string;
  status?: string;
  progress?: string;
  id?: string;
  aux?: { ID?: string };
  error?: string;
  errorDetail?: { code?: number; message?: string };
}

export interface BuildStep {
  /** 1-based. */
  index: number;
  total: number;
  /** The Dockerfile instruction as the builder echoes it, e.g. `COPY ["a","/app/a"]`. */
  instruction: string;
}

export type BuildOutcome =
  | { ok: true; imageId?: string; tags: string[] }
  | { ok: false; message: string; step?: BuildStep; output: string[]; error: string };

const STEP = /^Step (\d+)\/(\d+) : (.*)$/;
/** The builder's own bookkeeping lines: not the step's output. */
const BOOKKEEPING = /^( ---> |Removing intermediate container |Successfully built |Successfully tagged |Sending build context )/;
const ERRORISH = /error|exception|not found|no such|denied|failed|fatal|traceback|cannot|unable/i;
/** Colour codes some tools print even without a terminal. */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');
const TAIL = 20;
const SHOWN_INSTRUCTION = 80;

export class BuildProgress {
  private current: BuildStep | undefined;
  private output: string[] = [];
  private partial = '';
  private imageId: string | undefined;
  private shortId: string | undefined;
  private readonly tags: string[] = [];
  private error: string | undefined;

  /** The step running now, for a progress notification ("Step 3/9: COPY …"). */
  get step(): BuildStep | undefined {
    return this.current;
  }

  /** Takes one event; returns the text to append to the build log (may be empty). */
  feed(event: BuildEvent): string {
    if (event.aux?.ID) this.imageId = event.aux.ID;
    if (event.error !== undefined || event.errorDetail?.message !== undefined) {
      this.flush();
      this.error = (event.errorDetail?.message ?? event.error ?? '').trim();
      return `${this.error}\n`;
    }
    if (typeof event.stream === 'string') {
      this.partial += event.stream;
      const lines = this.partial.split('\n');
      this.partial = lines.pop() ?? '';
      // A step header arrives without its newline; take it at once so progress shows the step.
      if (STEP.test(this.partial)) {
        lines.push(this.partial);
        this.partial = '';
      }
      for (const line of lines) this.line(line);
      return event.stream;
    }
    if (typeof event.status === 'string') {
      const text = [event.id, event.status, event.progress].filter(Boolean).join(' ');
      return text ? `${text}\n` : '';
    }
    return '';
  }

  /** What happened, once the stream has ended. */
  outcome(): BuildOutcome {
    this.flush();
    if (this.error === undefined) return { ok: true, imageId: this.imageId ?? this.shortId, tags: [...this.tags] };
    const step = this.current;
    const shown = pickLine(this.output) ?? this.error;
    const message = step
      ? `Step ${step.index}/${step.total} \`${shorten(step.instruction)}\` failed: ${shown}`
      : `The build failed before its first step: ${this.error}`;
    return { ok: false, message, step, output: [...this.output], error: this.error };
  }

  private flush(): void {
    if (this.partial) this.line(this.partial);
    this.partial = '';
  }

  private line(raw: string): void {
    // Progress bars redraw with \r: the last redraw is what the line says.
    const line = (raw.split('\r').filter((s) => s.trim() !== '').pop() ?? '').replace(ANSI, '').trimEnd();
    const step = STEP.exec(line);
    if (step) {
      this.current = { index: Number(step[1]), total: Number(step[2]), instruction: step[3]! };
      this.output = [];
      return;
    }
    const built = /^Successfully built ([0-9a-f]+)/.exec(line);
    if (built) this.shortId = built[1];
    const tagged = /^Successfully tagged (\S+)/.exec(line);
    if (tagged) this.tags.push(tagged[1]!);
    if (line.trim() === '' || BOOKKEEPING.test(line)) return;
    this.output.push(line.trim());
    if (this.output.length > TAIL) this.output.shift();
  }
}

/** The line that best says why: the last error-like line, else the last line. */
function pickLine(output: string[]): string | undefined {
  for (let i = output.length - 1; i >= 0; i--) if (ERRORISH.test(output[i]!)) return output[i];
  return output[output.length - 1];
}

function shorten(text: string): string {
  return text.length <= SHOWN_INSTRUCTION ? text : `${text.slice(0, SHOWN_INSTRUCTION - 1)}…`;
}
