import type { NftSetElement } from './model.ts';
import { nftKeyTypes, readNftTypedValue } from './set-elements.ts';
import type { NftStateSet } from './set-state.ts';

/**
 * The element of a named set or map that a packet's key matches, as the kernel's lookup does:
 * one value per key part (`['10.0.0.1']`, or `['10.0.0.1', '80']` for `ipv4_addr .
 * inet_service`), compared by value, so prefixes and ranges of interval sets contain the
 * addresses they cover. Undefined when nothing matches or a value does not fit the type.
 *
 * @example
 * const set = loadNft(parseNft(script)).value.tables[0]?.sets[0];
 * lookupNftSet(set, ['10.244.1.7'])?.comment; // 'example-pod-uid'
 */
export function lookupNftSet(
  set: NftStateSet,
  parts: readonly string[],
): NftSetElement | undefined {
  const types = nftKeyTypes(set.set);
  if (parts.length !== types.length) return undefined;
  const wanted = parts.map((p, i) => readNftTypedValue(types[i] ?? '', p, false));
  if (wanted.some((w) => typeof w === 'string')) return undefined;
  const values = wanted.map((w) => (typeof w === 'string' ? 0n : w.sort));
  return set.elements.find((e) => {
    const keys = e.key.split(' . ');
    return keys.every((k, i) => {
      const range = readNftTypedValue(types[i] ?? '', k.trim(), true);
      const v = values[i];
      return (
        typeof range !== 'string' &&
        v !== undefined &&
        v >= range.sort &&
        v <= (range.end ?? range.sort)
      );
    });
  });
}
