import { flatString } from '../../src/util/flat-string.js';

describe('flatString', () => {
  it('returns the same text for strings built from pieces', () => {
    const pieces = Array.from({ length: 50 }, (_, i) => `piece-${i}`);
    let built = '';
    for (const piece of pieces) built += `${piece}, `;
    built += 'end';
    expect(flatString(built)).toBe(pieces.map((p) => `${p}, `).join('') + 'end');
  });

  it('never removes whitespace the text has at either end', () => {
    expect(flatString('  leading')).toBe('  leading');
    expect(flatString('trailing\n')).toBe('trailing\n');
    expect(flatString(' ')).toBe(' ');
    expect(flatString('')).toBe('');
  });

  it('keeps characters outside Latin-1', () => {
    expect(flatString('no path on 443 — security group')).toBe('no path on 443 — security group');
  });
});
