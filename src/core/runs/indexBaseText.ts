import type { IndexBase } from './runIndex';
import type { RunRecord } from './runModel';

/**
 * The text layout of `index/base.json` (docs/store.md, "Index"): one JSON document, as before,
 * but with the header on the first line and one run per line after it:
 *
 *   {"v":1,"segments":{…},"runs":[
 *   {…run…},
 *   {…run…}
 *   ]}
 *
 * Any JSON reader still reads it whole. A reader that knows the layout parses it a few hundred
 * runs at a time while the rest of the file is still being read, so parsing overlaps the disk
 * instead of following it. A base written in one line (older versions) is parsed whole.
 */
export function formatIndexBase(base: IndexBase): string {
  const lines = base.runs.map((run) => JSON.stringify(run));
  return `${baseHeaderPrefix}${JSON.stringify(base.segments)}${baseHeaderSuffix}\n${lines.join(',\n')}\n]}\n`;
}

const baseHeaderPrefix = '{"v":1,"segments":';
const baseHeaderSuffix = ',"runs":[';

/** The segments offsets of a first line in this layout; undefined for any other first line (read the file whole). */
export function parseIndexBaseHeader(firstLine: string): IndexBase['segments'] | undefined {
  if (!firstLine.startsWith(baseHeaderPrefix) || !firstLine.endsWith(baseHeaderSuffix)) return undefined;
  const header = JSON.parse(`${firstLine}]}`) as Partial<IndexBase>;
  return header.v === 1 && header.segments && typeof header.segments === 'object' ? header.segments : undefined;
}

/**
 * The runs in whole lines of the layout above (the text after the header line, in pieces that
 * end at a newline), and whether the piece holds the closing `]}` line. Throws SyntaxError when
 * a line is not a whole run, like JSON.parse of the whole file would.
 */
export function parseIndexBaseLines(text: string): { runs: RunRecord[]; closed: boolean } {
  let end = text.length;
  // The closing line: the only one that starts with `]` (runs start with `{`).
  const close = text.startsWith(']') ? 0 : text.lastIndexOf('\n]');
  if (close >= 0) {
    if (text.slice(close).trim() !== ']}') throw new SyntaxError('base.json does not end where its runs do.');
    end = close;
  }
  while (end > 0 && isSeparator(text.charCodeAt(end - 1))) end--;
  let start = 0;
  while (start < end && isSeparator(text.charCodeAt(start))) start++;
  // One parse for the whole piece: cheaper than one per line.
  const runs = start >= end ? [] : JSON.parse(`[${text.slice(start, end)}]`) as RunRecord[];
  return { runs, closed: close >= 0 };
}

function isSeparator(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x2c || code === 0x20 || code === 0x09;
}
