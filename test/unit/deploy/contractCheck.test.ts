import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkContract, exampleRequestBody, parseInputExample } from '../../../src/core/deploy/contractCheck';
import type { InputExample } from '../../../src/core/deploy/contractCheck';

const example: InputExample = { columns: ['sepal_length', 'sepal_width'], data: [[5.1, 3.5], [6.2, 2.9]] };

describe('contract check', () => {
  it('accepts 200 with one prediction per input row', () => {
    assert.deepEqual(checkContract(example, { status: 200, body: '{"predictions": ["setosa", "virginica"]}' }), { ok: true, predictions: ['setosa', 'virginica'] });
  });

  it('says in one sentence what is wrong with the answer', () => {
    const why = (status: number, body: string): string => {
      const r = checkContract(example, { status, body });
      return r.ok ? 'ok' : r.message;
    };
    assert.equal(why(500, '{"error": "model not loaded"}'), 'The new version answered the input example with HTTP 500 instead of 200: {"error": "model not loaded"}.');
    assert.equal(why(200, '<html>'), 'The new version answered the input example with something that is not JSON: <html>.');
    assert.equal(why(200, '["setosa", "virginica"]'), 'The new version answered the input example without a "predictions" list: the answer must be {"predictions": [...]}.');
    assert.equal(why(200, '{"predictions": ["setosa"]}'), 'The new version answered 1 prediction for 2 input rows; it must answer one per row.');
  });

  it('reads the example file in dataframe_split shape, or as a saved request body', () => {
    assert.deepEqual(parseInputExample(JSON.stringify(example), 'input.json'), { ok: true, example });
    assert.deepEqual(parseInputExample(exampleRequestBody(example), 'input.json'), { ok: true, example });
    assert.deepEqual(JSON.parse(exampleRequestBody(example)), { dataframe_split: { columns: ['sepal_length', 'sepal_width'], data: [[5.1, 3.5], [6.2, 2.9]] } });
  });

  it('refuses an example that cannot be sent', () => {
    const why = (text: string): string => {
      const r = parseInputExample(text, 'input.json');
      return r.ok ? 'ok' : r.message;
    };
    assert.equal(why('{'), 'The input example input.json is not valid JSON.');
    assert.equal(why('{"rows": []}'), 'The input example input.json must be {"columns": [...], "data": [[...], ...]} (MLflow\'s dataframe_split shape).');
    assert.equal(why('{"columns": ["a"], "data": []}'), 'The input example input.json has no rows in "data".');
    assert.equal(why('{"columns": ["a", "b"], "data": [[1, 2], [3]]}'), 'Row 2 of the input example input.json does not have one value per column (2).');
  });
});
