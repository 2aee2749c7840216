/**
 * Checks of Chinese typography in our texts (the house rules of the Chinese docs we follow):
 * a space between Chinese and Latin letters or digits, full-width punctuation in Chinese prose,
 * no stray spaces inside Chinese text. Code (`…`, fenced blocks) and link targets are not prose.
 */

const HAN = '\\p{Script=Han}';
const FULL_PUNCT = '，。、；：？！（）「」『』《》【】“”‘’…—';

export interface TypographySlip {
  readonly rule: 'cjk-latin-space' | 'half-width-punctuation' | 'stray-space';
  /** The slip with a little context. */
  readonly at: string;
}

const RULES: readonly { rule: TypographySlip['rule']; re: RegExp }[] = [
  // `{name}` parameters stand for values (numbers, flags): they count as Latin.
  {
    rule: 'cjk-latin-space',
    re: new RegExp(`${HAN}(?=[A-Za-z0-9{])|[A-Za-z0-9}%](?=${HAN})`, 'gu'),
  },
  {
    rule: 'half-width-punctuation',
    re: new RegExp(`${HAN}(?=[,;:?!(])|\\)(?=${HAN})|${HAN}\\.(?=\\s|$)`, 'gu'),
  },
  {
    rule: 'stray-space',
    re: new RegExp(
      `${HAN} +(?=${HAN})|${HAN} +(?=[${FULL_PUNCT}])|[${FULL_PUNCT}] +(?=${HAN})`,
      'gu',
    ),
  },
];

/** Chinese prose only: code spans, fenced blocks, link targets and HTML tags removed. */
export function proseOf(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/`[^`\n]*`/g, '·')
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/<[^>]+>/g, ' ');
}

/**
 * The typography slips in a piece of Chinese text.
 *
 * @example
 * findTypographySlips('运行在uid 1337'); // [{ rule: 'cjk-latin-space', at: '…在u…' }]
 */
export function findTypographySlips(text: string): TypographySlip[] {
  const slips: TypographySlip[] = [];
  for (const { rule, re } of RULES) {
    for (const m of text.matchAll(re)) {
      const i = m.index;
      slips.push({ rule, at: text.slice(Math.max(0, i - 8), i + m[0].length + 8) });
    }
  }
  return slips;
}
