import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHex, relativeLuminance, runColour } from '../../../webview-ui/compare/palette';

const contrast = (a: number, b: number): number => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

describe('runColour', () => {
  it('is deterministic #rrggbb, so the host and the webview agree', () => {
    assert.equal(runColour(3), runColour(3));
    for (let i = 0; i < 50; i++) assert.match(runColour(i), /^#[0-9a-f]{6}$/);
    assert.equal(runColour(-1), runColour(0));
  });

  it('gives 100 runs 100 different colours', () => {
    assert.equal(new Set(Array.from({ length: 100 }, (_, i) => runColour(i))).size, 100);
  });

  it('keeps at least 3:1 contrast on both the dark and the light editor background', () => {
    const dark = relativeLuminance([0x1e, 0x1e, 0x1e]), light = relativeLuminance([255, 255, 255]);
    for (let i = 0; i < 100; i++) {
      const rgb = parseHex(runColour(i));
      assert.ok(rgb);
      const l = relativeLuminance(rgb);
      assert.ok(contrast(l, dark) >= 3, `${runColour(i)} on dark`);
      assert.ok(contrast(l, light) >= 3, `${runColour(i)} on light`);
    }
  });
});
