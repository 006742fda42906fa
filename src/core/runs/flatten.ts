import type { JsonValue } from './runModel';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Nested params become dotted keys (`{train: {lr: 1}}` → `train.lr`); arrays stay values. */
export function flattenJson(value: unknown, prefix = '', into: Record<string, JsonValue> = {}): Record<string, JsonValue> {
  if (!isPlainObject(value)) {
    if (prefix) into[prefix] = toJsonValue(value);
    return into;
  }
  for (const [key, child] of Object.entries(value)) {
    const dotted = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(child)) flattenJson(child, dotted, into);
    else into[dotted] = toJsonValue(child);
  }
  return into;
}

/** A JSON-safe copy: non-finite numbers become their text, dates ISO strings. */
export function toJsonValue(value: unknown): JsonValue {
  if (value === undefined) return null;
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonValue(v)]));
  if (typeof value === 'string') return value.startsWith(nanSentinel) ? value.slice(1) : value;
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return value;
  return typeof value === 'symbol' ? value.toString() : typeof value === 'function' ? '[function]' : '';
}

/**
 * A metric value from JSON: numbers, and the spellings of NaN and infinities that Python's json
 * module and MLflow write. Anything else (booleans, text, objects) is not a metric.
 */
export function toMetricNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  switch (value.replace(nanSentinel, '').toLowerCase()) {
    case 'nan': return NaN;
    case 'inf': case 'infinity': case '+inf': case '+infinity': return Infinity;
    case '-inf': case '-infinity': return -Infinity;
    default: return undefined;
  }
}

/** Numeric leaves of a nested object as dotted keys; non-numeric leaves are left out. */
export function flattenMetrics(value: unknown, prefix = '', into: Record<string, number> = {}): Record<string, number> {
  if (!isPlainObject(value)) return into;
  for (const [key, child] of Object.entries(value)) {
    const dotted = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(child)) flattenMetrics(child, dotted, into);
    else {
      const n = toMetricNumber(child);
      if (n !== undefined) into[dotted] = n;
    }
  }
  return into;
}

/** Marks a bare NaN/Infinity token that `parseJsonLenient` turned into a string. */
export const nanSentinel = '\u0000';

/**
 * JSON.parse that also accepts the bare `NaN`, `Infinity` and `-Infinity` tokens Python's json
 * module writes by default; they come back as marked strings that `toMetricNumber` reads.
 * Returns undefined for text that is not JSON.
 */
export function parseJsonLenient(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    if (!/NaN|Infinity/.test(text)) return undefined;
    const patched = text.replace(/"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)/g, (match, token: string | undefined) => token ? `"\\u0000${token}"` : match);
    try {
      return JSON.parse(patched);
    } catch {
      return undefined;
    }
  }
}

/** A number as a JSON token, writing non-finite values the way Python does (parseJsonLenient reads them). */
export function formatNumber(value: number): string {
  if (Number.isFinite(value)) return String(value);
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}
