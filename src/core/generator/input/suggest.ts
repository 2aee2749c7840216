import { ISTIO_FLAGS } from '../flags.ts';

/**
 * The flag a mistyped long name most likely meant, or undefined. Accepts env-var spellings
 * (`ISTIO_INBOUND_PORTS`), underscores and case slips, unique prefixes and small typos.
 *
 * @example
 * suggestFlag('istio-inbound-port'); // 'istio-inbound-ports'
 */
export function suggestFlag(name: string): string | undefined {
  if (name.length === 0 || name.length > 64) return undefined;
  const wanted = name.toLowerCase().replace(/_/g, '-');
  if (longs.includes(wanted)) return wanted;
  const byEnv = ENV_SPELLINGS.get(wanted);
  if (byEnv !== undefined) return byEnv;
  const prefixed = longs.filter((l) => l.startsWith(wanted));
  if (prefixed.length === 1 && wanted.length >= 3) return prefixed[0];
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(wanted.length / 4));
  for (const long of longs) {
    const d = editDistance(wanted, long, bestDistance);
    if (d <= bestDistance && (best === undefined || d < bestDistance)) {
      best = long;
      bestDistance = d;
    }
  }
  return best;
}

const longs = ISTIO_FLAGS.filter((f) => f.status !== 'pilot-agent').map((f) => f.long);
const ENV_SPELLINGS = new Map(
  ISTIO_FLAGS.flatMap((f) =>
    f.env.map((e) => [e.toLowerCase().replace(/_/g, '-'), f.long] as const),
  ),
);

/** Levenshtein distance, giving up (returning limit + 1) once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length] ?? limit + 1;
}
