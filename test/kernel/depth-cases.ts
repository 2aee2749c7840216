/**
 * Jump depth cases for the kernel suite: chains nested 14–20 levels below a built-in chain
 * (jumps and gotos, in text order and reversed), DAGs where every chain jumps to the next two,
 * and a rule appended after the refused one. nf_tables refuses a chain entered 16 levels down
 * (EMLINK, "Too many links") and names the first rule appended that makes one.
 */
export interface DepthCase {
  readonly name: string;
  readonly text: string;
}

const decl = (n: number, extra: readonly string[] = []) => [
  ...Array.from({ length: n }, (_, i) => `:D${i} - [0:0]`),
  ...extra.map((c) => `:${c} - [0:0]`),
];

/** `-A D0 -j D1` … `-A D(n-2) -j D(n-1)`. */
function links(n: number, verb: 'j' | 'g'): string[] {
  return Array.from({ length: n - 1 }, (_, i) => `-A D${i} -${verb} D${i + 1}`);
}

/** Every chain jumps to the next two (a DAG with 2^n paths). */
function dagLinks(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n - 1; i++) {
    out.push(`-A D${i} -j D${i + 1}`);
    if (i + 2 < n) out.push(`-A D${i} -j D${i + 2}`);
  }
  return out;
}

const table = (lines: readonly string[]) => `*filter\n${lines.join('\n')}\nCOMMIT\n`;

export function depthCases(): DepthCase[] {
  const cases: DepthCase[] = [];
  for (let n = 14; n <= 20; n++) {
    cases.push({
      name: `chain of ${n}`,
      text: table([...decl(n), '-A OUTPUT -j D0', ...links(n, 'j')]),
    });
    cases.push({
      name: `DAG of ${n}`,
      text: table([...decl(n), '-A OUTPUT -j D0', ...dagLinks(n)]),
    });
  }
  for (const n of [15, 16, 18]) {
    cases.push({
      name: `reversed chain of ${n}`,
      text: table([...decl(n), ...links(n, 'j').reverse(), '-A OUTPUT -j D0']),
    });
    cases.push({
      name: `goto chain of ${n}`,
      text: table([...decl(n), '-A OUTPUT -g D0', ...links(n, 'g')]),
    });
  }
  cases.push({
    name: 'unreachable chain of 20',
    text: table([...decl(20), ...links(20, 'j')]),
  });
  cases.push({
    name: 'rules after the refused one',
    text: table([
      ...decl(16, ['X']),
      '-A OUTPUT -j D0',
      ...links(16, 'j'),
      '-A OUTPUT -j ACCEPT',
      '-A X -j ACCEPT',
    ]),
  });
  cases.push({
    name: 'an empty chain entered at level 16 from PREROUTING in nat',
    text: `*nat\n${[...decl(15, ['E']), '-A PREROUTING -j D0', ...links(15, 'j'), '-A D14 -j E'].join('\n')}\nCOMMIT\n`,
  });
  return cases;
}
