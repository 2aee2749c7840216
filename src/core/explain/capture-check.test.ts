import { describe, expect, it } from 'vitest';
import {
  checkCapture,
  generateRules,
  loadGeneratedRules,
  messageText,
  MESSAGES_EN,
  parseIstioArgs,
  renderMessage,
} from '../index.ts';
import type { Consequence } from '../index.ts';

const BASE = "-p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x '' -b '*' -d 15090,15021,15020";

function check(args: string): Consequence[] {
  const parsed = parseIstioArgs(args);
  const rules = generateRules(parsed.value.config, 'latest');
  // The default originOf: each loaded rule's own origin.
  return checkCapture({ v4: loadGeneratedRules(rules, 4).ruleset }, parsed.value.config);
}

const english = (c: Consequence): string =>
  messageText(renderMessage(c.message, MESSAGES_EN, MESSAGES_EN));

describe('checkCapture', () => {
  it('finds nothing wrong with the injector defaults', () => {
    expect(check(BASE)).toEqual([]);
  });

  it('-u 1000: a redirect loop at the owner rule and the app escaping through it', () => {
    const found = check(BASE.replace('-u 1337', '-u 1000'));
    expect(found.map((c) => [c.code, c.severity, c.rule, c.flag])).toEqual([
      ['redirect-loop', 'error', 'nat/ISTIO_OUTPUT#4', 'proxy-uid'],
      ['sidecar-bypass', 'warning', 'nat/ISTIO_OUTPUT#4', 'proxy-uid'],
    ]);
    expect(english(found[0]!)).toMatch(
      /^Envoy's own connections are captured again: redirect loop/,
    );
    expect(english(found[0]!)).toContain('nat/ISTIO_OUTPUT#4');
    expect(english(found[0]!)).toContain('--proxy-uid is 1000');
    expect(found[0]?.fix).toEqual({
      id: 'fix.proxy-uid',
      params: { flag: 'proxy-uid', uid: 1337 },
    });
  });

  it('-b without 9080 and -d with 9080: inbound traffic bypasses Envoy', () => {
    const narrow = check(BASE.replace("-b '*'", '-b 8080'));
    expect(narrow.map((c) => [c.code, c.message.id])).toEqual([
      ['sidecar-bypass', 'capture.inbound-bypass.no-rule'],
    ]);
    const excluded = check(BASE.replace('15090,15021,15020', '15090,15021,15020,9080'));
    expect(excluded.map((c) => [c.code, c.flag, c.rule])).toEqual([
      ['sidecar-bypass', 'istio-local-exclude-ports', 'nat/ISTIO_INBOUND#5'],
    ]);
  });

  it('-z other than the inbound listener: nothing accepts inbound connections', () => {
    const found = check(BASE.replace('-z 15006', '-z 15008'));
    expect(found.map((c) => [c.code, c.severity, c.flag])).toEqual([
      ['no-listener', 'error', 'inbound-capture-port'],
    ]);
    expect(english(found[0]!)).toContain('port 15008');
  });

  it('checks nothing the args do not ask for (-i "" -b "")', () => {
    expect(check("-p 15001 -z 15006 -u 1000 -m REDIRECT -i '' -b ''")).toEqual([]);
  });
});
