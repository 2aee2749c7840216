import { describe, expect, it } from 'vitest';
import { findFlag } from '@core';
import { describeFlag, findFlagTokenAt } from './flag-hover.ts';

describe('findFlagTokenAt', () => {
  const line = "pilot-agent istio-iptables -p 15001 --inbound-capture-port=15006 -b'*' --nope";

  it('finds short and long flags under the cursor, but not their values', () => {
    expect(findFlagTokenAt(line, line.indexOf('-p') + 1)?.spec.long).toBe('envoy-port');
    const long = line.indexOf('--inbound');
    expect(findFlagTokenAt(line, long + 5)).toMatchObject({
      startColumn: long + 1,
      endColumn: long + 1 + '--inbound-capture-port'.length,
    });
    expect(findFlagTokenAt(line, line.indexOf('15006') + 2)).toBeUndefined();
    expect(findFlagTokenAt(line, line.indexOf("-b'") + 1)?.spec.long).toBe('istio-inbound-ports');
  });

  it('ignores unknown flags and words that only contain a dash', () => {
    expect(findFlagTokenAt(line, line.indexOf('--nope') + 3)).toBeUndefined();
    expect(findFlagTokenAt(line, line.indexOf('-agent') + 2)).toBeUndefined();
  });
});

describe('describeFlag', () => {
  it('shows names, both languages, default, env vars and affected rules', () => {
    const spec = findFlag('inbound-capture-port');
    expect(spec).toBeDefined();
    if (!spec) return;
    const text = describeFlag(spec).join('\n');
    expect(text).toContain('`--inbound-capture-port` / `-z`');
    expect(text).toContain(spec.description);
    expect(text).toContain(spec.zh);
    expect(text).toContain('Default: `15006`');
    expect(text).toContain('`INBOUND_CAPTURE_PORT`');
    expect(text).toContain(`Affects: ${spec.affects}`);
  });
});

describe('describeFlag in Chinese', () => {
  it('shows only the Chinese meaning, with Chinese labels', () => {
    const spec = findFlag('inbound-capture-port');
    if (!spec) throw new Error('flag table lost -z');
    const text = describeFlag(spec, 'zh').join('\n');
    expect(text).toContain(spec.zh);
    expect(text).not.toContain(spec.description);
    expect(text).toContain('默认值：`15006`');
    expect(text).toContain('环境变量：`INBOUND_CAPTURE_PORT`');
  });
});
