// Outputs that are folders holding other outputs, and deps that read such folders: the graph looks
// these up on demand (stageGraph.ts), so each order of writing them is checked here.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzePipeline } from '../../../src/core/pipeline/analyze';

const codesAt = (text: string, code: string): string[] =>
  analyzePipeline(text).diagnostics.filter((d) => d.code === code).map((d) => text.slice(d.range.start, d.range.end));

describe('outputs inside outputs', () => {
  it('reports a folder written after a file inside it, on the folder', () => {
    const text = 'stages:\n  a: {cmd: x, outs: [o/deep/x.csv]}\n  b: {cmd: y, outs: [o]}\n';
    assert.deepEqual(codesAt(text, 'overlapping-out'), ['o']);
    const d = analyzePipeline(text).diagnostics.find((x) => x.code === 'overlapping-out')!;
    assert.match(d.message, /'o' overlaps 'o\/deep\/x.csv', written by stage 'a'/);
  });

  it('reports the first output inside a folder when several are', () => {
    const text = 'stages:\n  a: {cmd: x, outs: [o/p/1.csv, o/q/2.csv]}\n  b: {cmd: y, outs: [o/q]}\n  c: {cmd: z, outs: [o]}\n';
    const messages = analyzePipeline(text).diagnostics.filter((d) => d.code === 'overlapping-out').map((d) => d.message);
    assert.equal(messages.length, 2, `expected two overlaps, saw ${JSON.stringify(messages)}`);
    assert.match(messages[0]!, /'o\/q' overlaps 'o\/q\/2.csv'/);
    assert.match(messages[1]!, /'o' overlaps 'o\/p\/1.csv'/);
  });

  it('runs a stage reading a folder after the stage writing a file inside it', () => {
    const text = 'stages:\n  make: {cmd: x, outs: [data/sub/part.csv]}\n  use: {cmd: y, deps: [data, data/sub]}\n';
    const analysis = analyzePipeline(text);
    assert.deepEqual(analysis.diagnostics.map((d) => d.code), []);
    assert.deepEqual(analysis.stages.find((s) => s.name === 'use')!.upstream, ['make']);
  });

  it('warns when a stage reads a folder that a later stage writes into', () => {
    const text = 'stages:\n  use: {cmd: y, deps: [data]}\n  make: {cmd: x, outs: [data/part.csv]}\n';
    assert.deepEqual(codesAt(text, 'dep-produced-later'), ['data']);
  });
});
