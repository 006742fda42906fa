// The contract check before a new version takes traffic: the run's input example, sent to
// /invocations, must be answered 200 with {"predictions": [...]} holding one prediction per row.

/** MLflow's `dataframe_split` shape, as `model.example` holds it. */
export interface InputExample {
  columns: string[];
  data: unknown[][];
}

export type ExampleParse = { ok: true; example: InputExample } | { ok: false; message: string };
export type ContractResult = { ok: true; predictions: unknown[] } | { ok: false; message: string };

/** Reads the example file's text; `file` names it in the message. */
export function parseInputExample(text: string, file: string): ExampleParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: `The input example ${file} is not valid JSON.` };
  }
  // Also accept the request body form, {"dataframe_split": {...}}, so a saved request works as is.
  const split = isObject(value) && isObject(value['dataframe_split']) ? value['dataframe_split'] : value;
  if (!isObject(split) || !Array.isArray(split['columns']) || !Array.isArray(split['data'])) {
    return { ok: false, message: `The input example ${file} must be {"columns": [...], "data": [[...], ...]} (MLflow's dataframe_split shape).` };
  }
  const columns = split['columns'] as unknown[];
  const data = split['data'] as unknown[];
  if (!columns.every((c) => typeof c === 'string')) return { ok: false, message: `The input example ${file} has a column name that is not a string.` };
  if (data.length === 0) return { ok: false, message: `The input example ${file} has no rows in "data".` };
  const bad = data.findIndex((row) => !Array.isArray(row) || row.length !== columns.length);
  if (bad >= 0) return { ok: false, message: `Row ${bad + 1} of the input example ${file} does not have one value per column (${columns.length}).` };
  return { ok: true, example: { columns: columns, data: data as unknown[][] } };
}

/** The /invocations request body for the example. */
export function exampleRequestBody(example: InputExample): string {
  return JSON.stringify({ dataframe_split: { columns: example.columns, data: example.data } });
}

/** Checks the answer of /invocations to the example. */
export function checkContract(example: InputExample, answer: { status: number; body: string }): ContractResult {
  const rows = example.data.length;
  if (answer.status !== 200) return { ok: false, message: `The new version answered the input example with HTTP ${answer.status} instead of 200${detail(answer.body)}.` };
  let value: unknown;
  try {
    value = JSON.parse(answer.body);
  } catch {
    return { ok: false, message: `The new version answered the input example with something that is not JSON${detail(answer.body)}.` };
  }
  if (!isObject(value) || !Array.isArray(value['predictions'])) {
    return { ok: false, message: 'The new version answered the input example without a "predictions" list: the answer must be {"predictions": [...]}.' };
  }
  const predictions = value['predictions'] as unknown[];
  if (predictions.length !== rows) {
    return { ok: false, message: `The new version answered ${predictions.length} prediction${predictions.length === 1 ? '' : 's'} for ${rows} input row${rows === 1 ? '' : 's'}; it must answer one per row.` };
  }
  return { ok: true, predictions };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The start of the body, so the sentence says what came back. */
function detail(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim();
  if (!text) return '';
  return `: ${text.length > 120 ? `${text.slice(0, 119)}…` : text}`;
}
