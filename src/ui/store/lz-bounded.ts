/**
 * lz-string's `decompressFromEncodedURIComponent` with a bound on the output, checked while it
 * decompresses: LZ output grows quadratically with the input (a 77 KB link expands to 540M
 * characters), and lz-string itself only fails at the end with `RangeError: Invalid string
 * length` — a blank page. The algorithm is lz-string 1.5's `_decompress` (MIT, Pieroxy), with the
 * same results for every link under the bound (permalink.test.ts compares the two).
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
const VALUE: ReadonlyMap<string, number> = new Map([...ALPHABET].map((c, i) => [c, i]));

export type Decompressed =
  | { readonly kind: 'ok'; readonly text: string }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'too-large' };

class BitReader {
  private val: number;
  private position = 32;
  private index = 1;

  constructor(private readonly input: string) {
    this.val = this.valueAt(0);
  }

  private valueAt(i: number): number {
    return VALUE.get(this.input.charAt(i)) ?? 0;
  }

  get exhausted(): boolean {
    return this.index > this.input.length;
  }

  read(bitCount: number): number {
    let bits = 0;
    for (let power = 1, n = 0; n < bitCount; n++, power <<= 1) {
      const resb = this.val & this.position;
      this.position >>= 1;
      if (this.position === 0) {
        this.position = 32;
        this.val = this.valueAt(this.index++);
      }
      if (resb > 0) bits |= power;
    }
    return bits;
  }
}

/**
 * Decompresses `input` (lz-string's URI-safe alphabet) unless the text would pass `maxChars`.
 *
 * @example
 * decompressBounded(compressToEncodedURIComponent('hello'), 100); // { kind: 'ok', text: 'hello' }
 */
export function decompressBounded(input: string, maxChars: number): Decompressed {
  if (input === '') return { kind: 'invalid' };
  const r = new BitReader(input);
  const dictionary: string[] = ['', '', ''];
  let enlargeIn = 4;
  let dictSize = 4;
  let numBits = 3;
  const first = r.read(2);
  if (first === 2) return { kind: 'ok', text: '' };
  if (first !== 0 && first !== 1) return { kind: 'invalid' };
  let w = String.fromCharCode(r.read(first === 0 ? 8 : 16));
  dictionary[3] = w;
  const result: string[] = [w];
  let total = w.length;
  for (;;) {
    if (r.exhausted) return { kind: 'invalid' };
    let c = r.read(numBits);
    if (c === 2) return { kind: 'ok', text: result.join('') };
    if (c === 0 || c === 1) {
      dictionary[dictSize++] = String.fromCharCode(r.read(c === 0 ? 8 : 16));
      c = dictSize - 1;
      if (--enlargeIn === 0) enlargeIn = 2 ** numBits++;
    }
    let entry = dictionary[c];
    if (!entry) {
      if (c !== dictSize) return { kind: 'invalid' };
      entry = w + w.charAt(0);
    }
    total += entry.length;
    if (total > maxChars) return { kind: 'too-large' };
    result.push(entry);
    dictionary[dictSize++] = w + entry.charAt(0);
    w = entry;
    if (--enlargeIn === 0) enlargeIn = 2 ** numBits++;
  }
}
