// How often a shadow disagrees with the primary: both servers log every request as a JSON line with
// the router's X-Request-Id, so their answers are joined by request_id and compared.

export interface ShadowReport {
  /** Requests the shadow received. */
  mirrored: number;
  /** Requests both answered with 200. */
  answeredByBoth: number;
  /** Of those, how many got different predictions. */
  disagreements: number;
  /** disagreements / answeredByBoth; 0 when nothing was answered by both. */
  disagreementRate: number;
  /** Requests the primary answered 200 and the shadow did not (an error status). */
  shadowFailed: number;
  /** The first few disagreements, to show. */
  examples: { requestId: string; inputs: unknown; primary: unknown; shadow: unknown }[];
  /** Lines that were not a request log entry. */
  unreadableLines: number;
}

export interface Tolerance {
  absolute: number;
  relative: number;
}

export const DEFAULT_TOLERANCE: Tolerance = { absolute: 1e-6, relative: 1e-6 };
const MAX_EXAMPLES = 5;

interface Entry {
  requestId: string;
  inputs: unknown;
  outputs: unknown;
  status: number;
}

export function shadowReport(primaryLog: string, shadowLog: string, tolerance: Tolerance = DEFAULT_TOLERANCE): ShadowReport {
  let unreadableLines = 0;
  const read = (text: string): Map<string, Entry> => {
    const byId = new Map<string, Entry>();
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const entry = parseEntry(line);
      if (entry) byId.set(entry.requestId, entry);
      else unreadableLines++;
    }
    return byId;
  };
  const primary = read(primaryLog);
  const shadow = read(shadowLog);
  let answeredByBoth = 0;
  let disagreements = 0;
  let shadowFailed = 0;
  const examples: ShadowReport['examples'] = [];
  for (const [requestId, s] of shadow) {
    const p = primary.get(requestId);
    if (!p || p.status !== 200) continue;
    if (s.status !== 200) {
      shadowFailed++;
      continue;
    }
    answeredByBoth++;
    if (!sameValue(p.outputs, s.outputs, tolerance)) {
      disagreements++;
      if (examples.length < MAX_EXAMPLES) examples.push({ requestId, inputs: p.inputs, primary: p.outputs, shadow: s.outputs });
    }
  }
  return {
    mirrored: shadow.size,
    answeredByBoth,
    disagreements,
    disagreementRate: answeredByBoth === 0 ? 0 : disagreements / answeredByBoth,
    shadowFailed,
    examples,
    unreadableLines,
  };
}

/** Deep equality where numbers may differ within the tolerance (float predictions). */
export function sameValue(a: unknown, b: unknown, tolerance: Tolerance = DEFAULT_TOLERANCE): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
    return Math.abs(a - b) <= tolerance.absolute + tolerance.relative * Math.max(Math.abs(a), Math.abs(b));
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i], tolerance));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], tolerance));
  }
  return a === b;
}

function parseEntry(line: string): Entry | undefined {
  try {
    const value = JSON.parse(line) as unknown;
    if (typeof value !== 'object' || value === null) return undefined;
    const v = value as Record<string, unknown>;
    if (typeof v['request_id'] !== 'string' || typeof v['status'] !== 'number') return undefined;
    return { requestId: v['request_id'], inputs: v['inputs'], outputs: v['outputs'], status: v['status'] };
  } catch {
    return undefined;
  }
}
