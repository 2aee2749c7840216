import { describe, expect, it } from 'vitest';
import { buildJumpGraph } from './jump-graph.ts';
import { parseIptables } from './parse.ts';

const SAVE = `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:ISTIO_OUTPUT - [0:0]
:ISTIO_REDIRECT - [0:0]
:ISTIO_INBOUND - [0:0]
:ISTIO_IN_REDIRECT - [0:0]
-A PREROUTING -p tcp -j ISTIO_INBOUND
-A OUTPUT -p tcp -j ISTIO_OUTPUT
-A ISTIO_INBOUND -p tcp -m tcp --dport 15021 -j RETURN
-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT
-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006
-A ISTIO_OUTPUT -o lo -s 127.0.0.6/32 -j RETURN
-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -g ISTIO_REDIRECT
-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001
COMMIT
*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
COMMIT
`;

describe('buildJumpGraph', () => {
  const parsed = parseIptables(SAVE, { family: 4 });
  const graph = buildJumpGraph(parsed.value);

  it('parses the fixture cleanly', () => {
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('lists built-in chains in kernel order, then user chains', () => {
    expect(graph.nodes.map((n) => n.id)).toEqual([
      'mangle/PREROUTING',
      'nat/PREROUTING',
      'mangle/INPUT',
      'nat/INPUT',
      'mangle/FORWARD',
      'mangle/OUTPUT',
      'nat/OUTPUT',
      'mangle/POSTROUTING',
      'nat/POSTROUTING',
      'nat/ISTIO_OUTPUT',
      'nat/ISTIO_REDIRECT',
      'nat/ISTIO_INBOUND',
      'nat/ISTIO_IN_REDIRECT',
    ]);
    expect(graph.nodes.find((n) => n.id === 'nat/OUTPUT')).toMatchObject({
      builtin: true,
      policy: 'ACCEPT',
    });
    expect(graph.nodes.find((n) => n.id === 'nat/ISTIO_OUTPUT')?.builtin).toBe(false);
    expect(graph.ruleCount).toBe(9);
  });

  it("lists each chain's rules with RuleRefs, labels and targets", () => {
    const out = graph.nodes.find((n) => n.id === 'nat/ISTIO_OUTPUT');
    expect(out?.rules.map((r) => [r.ref, r.label, r.target])).toEqual([
      ['nat/ISTIO_OUTPUT#1', '-s 127.0.0.6/32 -o lo -j RETURN', 'RETURN'],
      ['nat/ISTIO_OUTPUT#2', '-m owner --uid-owner 1337 -j RETURN', 'RETURN'],
      ['nat/ISTIO_OUTPUT#3', '-g ISTIO_REDIRECT', 'ISTIO_REDIRECT'],
    ]);
    const redirect = graph.nodes.find((n) => n.id === 'nat/ISTIO_REDIRECT')?.rules[0];
    expect(redirect?.target).toBe('REDIRECT --to-ports 15001');
    expect(redirect?.jumpsTo).toBeUndefined();
  });

  it("has one edge per jump or goto, labelled with the rule's conditions", () => {
    expect(graph.edges).toEqual([
      {
        id: 'nat/PREROUTING#1',
        source: 'nat/PREROUTING',
        target: 'nat/ISTIO_INBOUND',
        kind: 'jump',
        label: '-p tcp',
      },
      {
        id: 'nat/OUTPUT#1',
        source: 'nat/OUTPUT',
        target: 'nat/ISTIO_OUTPUT',
        kind: 'jump',
        label: '-p tcp',
      },
      {
        id: 'nat/ISTIO_OUTPUT#3',
        source: 'nat/ISTIO_OUTPUT',
        target: 'nat/ISTIO_REDIRECT',
        kind: 'goto',
        label: '',
      },
      {
        id: 'nat/ISTIO_INBOUND#2',
        source: 'nat/ISTIO_INBOUND',
        target: 'nat/ISTIO_IN_REDIRECT',
        kind: 'jump',
        label: '-p tcp',
      },
    ]);
  });

  it('is deterministic and keeps the family', () => {
    expect(buildJumpGraph(parsed.value)).toEqual(graph);
    expect(graph.family).toBe(4);
    expect(buildJumpGraph({ family: 6, tables: [] })).toEqual({
      family: 6,
      nodes: [],
      edges: [],
      ruleCount: 0,
    });
  });
});
