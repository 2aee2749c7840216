import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeHash, MAX_STATE_CHARS } from './permalink.ts';
import { decompressBounded } from './lz-bounded.ts';

/** A link of `codes` LZ codes, each repeating the last entry plus one character (KwKwK). */
function bomb(codes: number): string {
  const bits: number[] = [];
  const put = (value: number, n: number) => {
    for (let i = 0; i < n; i++) bits.push((value >> i) & 1);
  };
  put(0, 2);
  put(97, 8);
  let dictSize = 4;
  let numBits = 3;
  let enlargeIn = 4;
  for (let k = 0; k < codes; k++) {
    put(dictSize, numBits);
    dictSize++;
    if (--enlargeIn === 0) enlargeIn = 2 ** numBits++;
  }
  put(2, numBits);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
  let out = '';
  for (let i = 0; i < bits.length; i += 6) {
    let v = 0;
    for (let j = 0; j < 6; j++) v |= (bits[i + j] ?? 0) << (5 - j);
    out += alphabet.charAt(v);
  }
  return `${out}A`;
}

describe('bounded permalink decompression', () => {
  it('gives what lz-string gives for any text under the bound', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const packed = compressToEncodedURIComponent(text);
        const ours = decompressBounded(packed, 1_000_000);
        expect(ours).toEqual({ kind: 'ok', text: decompressFromEncodedURIComponent(packed) });
      }),
      { numRuns: 60, seed: 15 },
    );
  });

  it('refuses a link bomb while decompressing, with a notice instead of a blank page', () => {
    const small = bomb(100);
    const full = decompressFromEncodedURIComponent(small);
    expect(decompressBounded(small, 1e6)).toEqual({ kind: 'ok', text: full });
    expect(full.length).toBeGreaterThan(5_000);
    const link = bomb(7_000); // ~10 KB expanding to ~24.5M characters
    expect(decompressBounded(link, MAX_STATE_CHARS)).toEqual({ kind: 'too-large' });
    const decoded = decodeHash(`#s=${link}`);
    expect(decoded).toEqual({
      kind: 'invalid',
      reason: 'the link expands to more than 20,000,000 characters',
    });
  });
});
