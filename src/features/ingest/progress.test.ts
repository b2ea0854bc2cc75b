import { describe, expect, it } from 'vitest';
import { progressBar } from './progress.js';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { written, s: { isTTY, columns: 60, write: (t: string) => written.push(t) > 0 } };
}

describe('progressBar', () => {
  it('draws on a terminal and clears the line when done', () => {
    const { written, s } = stream(true);
    const p = progressBar(s);
    p.update(0.5, 'storing');
    p.update(2, 'storing');
    p.done();
    expect(written[0]).toContain('[############------------]  50% storing');
    expect(written[1]).toContain('100%');
    expect(written.at(-1)).toBe('\r\x1b[2K');
  });

  it('writes nothing when stderr is not a terminal', () => {
    const { written, s } = stream(false);
    const p = progressBar(s);
    p.update(0.5, 'storing');
    p.done();
    expect(written).toEqual([]);
  });
});
