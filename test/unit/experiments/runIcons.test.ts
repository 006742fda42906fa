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

  it('is a base64 SVG data URI that decodes to the same drawing', () => {
    const uri = runIconDataUri('running', '#247be0', 'light');
    assert.match(uri, /^data:image\/svg\+xml;base64,[A-Za-z0-9+/]+=*$/);
    assert.equal(Buffer.from(uri.slice(uri.indexOf(',') + 1), 'base64').toString('utf8'), runIconSvg('running', '#247be0', 'light'));
  });
});
