import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHex, relativeLuminance, runColour } from '../../../webview-ui/compare/palette';

const contrast = (a: number, b: number): number => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

describe('runColour', () => {
  it('is deterministic #rrggbb, so the host and the webview agree', () => {
    // Worked out apart from this code: hue 212° + i × 137.50776° (golden angle), saturation 75%,
    // lightness bisected until the WCAG luminance reaches 0.20, 0.15, 0.27, 0.20 for i = 0..3,
    // using Python's colorsys.hls_to_rgb; the same values are package.json's mlops.runColour0..3
    // defaults. #247be0 is a blue (212°), #d31e3e a red (349.5°), #18a528 a green (127°).
    assert.deepEqual([0, 1, 2, 3].map(runColour), ['#247be0', '#d31e3e', '#18a528', '#955ce8']);
    for (let i = 0; i < 50; i++) assert.match(runColour(i), /^#[0-9a-f]{6}$/);
    assert.equal(runColour(-1), '#247be0', 'a negative index falls back to the first colour');
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
