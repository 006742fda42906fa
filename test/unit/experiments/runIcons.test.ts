import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runIconDataUri, runIconSvg } from '../../../src/extension/experiments/runIcons';

const fillOf = (svg: string, cls: string) => new RegExp(`class="${cls}"[^>]*?fill="(#[0-9a-f]{6})"`).exec(svg)?.[1];
const strokeOf = (svg: string) => /class="status" stroke="(#[0-9a-f]{6})"/.exec(svg)?.[1];

describe('run icons: status glyph beside the colour swatch', () => {
  it('paints only the swatch in the run colour; the glyph keeps the status colour', () => {
    const red = '#d31e3e';
    const finished = runIconSvg('finished', red, 'dark');
    assert.equal(fillOf(finished, 'swatch'), red);
    assert.equal(strokeOf(finished), '#73c991', 'a finished run reads green whatever its swatch');
    assert.equal(strokeOf(runIconSvg('failed', '#18a528', 'dark')), '#f14c4c', 'a failed run reads red whatever its swatch');
    assert.equal(strokeOf(runIconSvg('finished', red, 'light')), '#388a34');
    assert.equal(strokeOf(runIconSvg('killed', red, 'light')), '#855f00');
  });

  it('draws a different glyph for each status', () => {
    const statuses = ['finished', 'failed', 'cancelled', 'queued', 'killed', 'running'] as const;
    const glyphs = statuses.map((s) => runIconSvg(s, '#247be0', 'dark').replace(/stroke="#[0-9a-f]+" fill="#[0-9a-f]+"/, ''));
    assert.equal(new Set(glyphs).size, statuses.length);
  });

  it('marks a finished run that fails a gate with its own glyph in the warning colour, apart from every status', () => {
    const gate = runIconSvg('finished', '#247be0', 'dark', true);
    assert.match(gate, /class="status gates-failed" stroke="#cca700"/, 'the failed-gates mark is drawn in the dark theme\'s warning colour');
    assert.match(runIconSvg('finished', '#247be0', 'light', true), /class="status gates-failed" stroke="#855f00"/);
    const shape = (svg: string) => svg.replace(/ stroke="#[0-9a-f]+" fill="#[0-9a-f]+"/, '').replace(' gates-failed', '');
    for (const status of ['finished', 'failed', 'cancelled', 'queued', 'killed', 'running'] as const) {
      assert.notEqual(shape(gate), shape(runIconSvg(status, '#247be0', 'dark')), `the failed-gates glyph looks like the ${status} glyph`);
    }
    assert.equal(runIconSvg('failed', '#247be0', 'dark', true), runIconSvg('failed', '#247be0', 'dark'), 'a failed run keeps its failed glyph');
  });

  it('is a base64 SVG data URI that decodes to the same drawing', () => {
    const uri = runIconDataUri('running', '#247be0', 'light');
    assert.match(uri, /^data:image\/svg\+xml;base64,[A-Za-z0-9+/]+=*$/);
    assert.equal(Buffer.from(uri.slice(uri.indexOf(',') + 1), 'base64').toString('utf8'), runIconSvg('running', '#247be0', 'light'));
  });
});
