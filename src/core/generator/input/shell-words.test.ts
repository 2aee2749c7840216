import { describe, expect, it } from 'vitest';
import { splitShellWords } from './shell-words.ts';
import { Locator, spanOf } from './tokens.ts';

const words = (text: string): string[] =>
  splitShellWords(text, new Locator(text)).tokens.map((t) => t.value);

describe('splitShellWords', () => {
  it('handles quotes, escapes and the wildcard', () => {
    expect(words(`-i '*' -x "" -b \\* -c "a b" -k 'it''s' -m "x\\"y" -o a\\ b`)).toEqual([
      '-i',
      '*',
      '-x',
      '',
      '-b',
      '*',
      '-c',
      'a b',
      '-k',
      'its',
      '-m',
      'x"y',
      '-o',
      'a b',
    ]);
  });

  it('keeps backslashes that do not escape inside double quotes', () => {
    expect(words(String.raw`"a\b" "\$HOME" '\n'`)).toEqual(['a\\b', '$HOME', '\\n']);
  });

  it('joins continued lines and splits plain lines', () => {
    expect(words('-p 15001 \\\n  -z 15006\n-u 1337')).toEqual([
      '-p',
      '15001',
      '-z',
      '15006',
      '-u',
      '1337',
    ]);
    expect(words('-p 150\\\n01')).toEqual(['-p', '15001']);
    expect(words('-p 15001 \\\r\n  -z "1\\\r\n5"\r\n-u 7\r\n')).toEqual([
      '-p',
      '15001',
      '-z',
      '15',
      '-u',
      '7',
    ]);
  });

  it('skips comments and pasted prompts', () => {
    expect(
      words('# a comment -p 1\n$ istio-iptables -p 2 # trailing\n% -z 3\n# istio-iptables -u 4'),
    ).toEqual(['istio-iptables', '-p', '2', '-z', '3', 'istio-iptables', '-u', '4']);
    expect(words('a#b')).toEqual(['a#b']);
  });

  it('marks the first word of each line as a command position', () => {
    const text = 'istio-iptables -p 1 \\\n istio-iptables\n  pilot-agent x';
    const tokens = splitShellWords(text, new Locator(text)).tokens;
    expect(tokens.map((t) => t.commandPosition)).toEqual([true, false, false, false, true, false]);
  });

  it('maps every value character back to the source', () => {
    const text = `-b "80,'abc'"`;
    const token = splitShellWords(text, new Locator(text)).tokens[1];
    expect(token?.value).toBe("80,'abc'");
    const [s, e] = token ? spanOf(token, 4, 7) : [0, 0];
    expect(text.slice(s, e)).toBe('abc');
  });

  it('reports an unterminated quote at the quote and keeps the rest as one word', () => {
    for (const [text, col] of [
      [`-p 15001 -b '80`, 13],
      [`-x "1.2.3.4/32 -b 80`, 4],
    ] as const) {
      const r = splitShellWords(text, new Locator(text));
      expect(r.diagnostics).toHaveLength(1);
      expect(r.diagnostics[0]).toMatchObject({
        code: 'unterminated-quote',
        severity: 'error',
        range: { line: 1, column: col },
      });
      expect(r.diagnostics[0]?.range.end).toBe((r.diagnostics[0]?.range.start ?? 0) + 1);
    }
    expect(words(`-b '80`)).toEqual(['-b', '80']);
  });
});
