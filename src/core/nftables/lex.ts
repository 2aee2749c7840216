/** One token of nft syntax: a word, a quoted string, or punctuation (`{ } ; ,` and newline). */
export interface NftToken {
  readonly text: string;
  readonly kind: 'word' | 'string' | 'punct' | 'newline';
  readonly start: number;
  readonly end: number;
}

const PUNCT = new Set(['{', '}', ';', ',']);

/**
 * Splits nft text into tokens: `#` comments dropped, `\` line continuations joined, quoted
 * strings kept with their quotes stripped. Never throws; an unterminated string runs to the end
 * of its line.
 */
export function lexNft(text: string): NftToken[] {
  const tokens: NftToken[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (ch === '\\' && text[i + 1] === '\n') {
      i += 2;
    } else if (ch === '\n') {
      tokens.push({ text: '\n', kind: 'newline', start: i, end: i + 1 });
      i++;
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
    } else if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (PUNCT.has(ch)) {
      tokens.push({ text: ch, kind: 'punct', start: i, end: i + 1 });
      i++;
    } else if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') j++;
      tokens.push({ text: text.slice(i + 1, j), kind: 'string', start: i, end: j + 1 });
      i = text[j] === '"' ? j + 1 : j;
    } else {
      let j = i;
      while (j < text.length && !/[\s{};,"#]/.test(text[j] ?? ' ')) j++;
      tokens.push({ text: text.slice(i, j), kind: 'word', start: i, end: j });
      i = j;
    }
  }
  return tokens;
}
