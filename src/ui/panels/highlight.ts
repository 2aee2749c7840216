/** What a piece of rules text is, for colouring only (the text itself is never changed). */
export type TokenKind =
  'plain' | 'comment' | 'table' | 'chain' | 'option' | 'negation' | 'target' | 'keyword';

export interface Token {
  readonly text: string;
  readonly kind: TokenKind;
}

// Options whose next word names a chain or a target.
const CHAIN_OPTIONS = new Set([
  '-A',
  '-I',
  '-N',
  '-X',
  '-F',
  '-P',
  '-D',
  '-R',
  '-Z',
  '--append',
  '--insert',
  '--new-chain',
]);
const TARGET_OPTIONS = new Set(['-j', '-g', '--jump', '--goto']);

function tokenizeCommand(line: string): Token[] {
  const out: Token[] = [];
  let expect: TokenKind | undefined;
  for (const part of line.split(/(\s+)/)) {
    if (part === '') continue;
    if (/^\s+$/.test(part)) {
      out.push({ text: part, kind: 'plain' });
      continue;
    }
    if (expect !== undefined) {
      out.push({ text: part, kind: expect });
      expect = undefined;
    } else if (part === '!') {
      out.push({ text: part, kind: 'negation' });
    } else if (part.startsWith('-') && !/^-\d/.test(part)) {
      out.push({ text: part, kind: 'option' });
      if (CHAIN_OPTIONS.has(part)) expect = 'chain';
      else if (TARGET_OPTIONS.has(part)) expect = 'target';
    } else {
      out.push({ text: part, kind: 'plain' });
    }
  }
  return out;
}

/**
 * Splits one line of iptables-save / restore / dry-run / -nvL text into coloured tokens whose
 * texts concatenate back to the line exactly.
 *
 * @example
 * tokenizeRulesLine('-A OUTPUT -j ISTIO_OUTPUT').map((t) => t.kind);
 * // ['option','plain','chain','plain','option','plain','target']
 */
export function tokenizeRulesLine(line: string): Token[] {
  if (line.startsWith('#')) return [{ text: line, kind: 'comment' }];
  if (line.startsWith('*')) return [{ text: line, kind: 'table' }];
  if (line === 'COMMIT') return [{ text: line, kind: 'keyword' }];
  const header = /^(:)(\S+)(.*)$/.exec(line);
  if (header) {
    return [
      { text: `${header[1] ?? ''}${header[2] ?? ''}`, kind: 'chain' },
      { text: header[3] ?? '', kind: 'plain' },
    ];
  }
  const listing = /^(Chain )(\S+)(.*)$/.exec(line);
  if (listing) {
    return [
      { text: listing[1] ?? '', kind: 'keyword' },
      { text: listing[2] ?? '', kind: 'chain' },
      { text: listing[3] ?? '', kind: 'plain' },
    ];
  }
  // `iptables -t nat -A …` in dry-run transcripts and `-A …` in save/restore text alike.
  if (/(^|\s)-[A-Z]\s/.test(line) || line.startsWith('-')) return tokenizeCommand(line);
  return [{ text: line, kind: 'plain' }];
}
