import { findFlag, findShortFlag } from '@core';
import type { FlagSpec } from '@core';
import type { Lang, MessageKey } from '../i18n/messages.ts';
import { createTranslator } from '../i18n/translate.ts';

export interface FlagToken {
  /** 1-based columns, end exclusive (Monaco's convention). */
  readonly startColumn: number;
  readonly endColumn: number;
  readonly spec: FlagSpec;
}

// `--long`, `--long=value`, `-s`, `-svalue`, `-s=value`: only the flag part is the hover target.
const FLAG_TOKEN = /(?<![\w-])(--([A-Za-z][\w-]*)|-([A-Za-z]))/g;

/**
 * Finds the istio-iptables flag under a column of one line (the hover target).
 *
 * @example
 * findFlagTokenAt("istio-iptables -p 15001", 17)?.spec.long; // 'envoy-port'
 */
export function findFlagTokenAt(line: string, column: number): FlagToken | undefined {
  for (const m of line.matchAll(FLAG_TOKEN)) {
    const startColumn = m.index + 1;
    const endColumn = startColumn + (m[1] ?? '').length;
    if (column < startColumn || column > endColumn) continue;
    const spec = m[2] !== undefined ? findFlag(m[2]) : findShortFlag(m[3] ?? '');
    return spec === undefined ? undefined : { startColumn, endColumn, spec };
  }
  return undefined;
}

const STATUS_NOTE: Readonly<Record<FlagSpec['status'], MessageKey | undefined>> = {
  current: undefined,
  variant: 'flag.status.variant',
  removed: 'flag.status.removed',
  older: 'flag.status.older',
  'pilot-agent': 'flag.status.pilot-agent',
};

/**
 * The hover text of a flag as Markdown paragraphs: name, meaning, default, env vars and the
 * rules it affects. English shows the Chinese meaning too; Chinese shows only the flag
 * table's Chinese text, with Chinese labels.
 */
export function describeFlag(spec: FlagSpec, lang: Lang = 'en'): string[] {
  const t = createTranslator(lang);
  const names =
    spec.short === undefined ? `\`--${spec.long}\`` : `\`--${spec.long}\` / \`-${spec.short}\``;
  const colon = lang === 'zh' ? '：' : ': ';
  const facts = [
    `${t('flag.default')}${colon}\`${String(spec.default) === '' ? t('flag.empty') : String(spec.default)}\``,
    `${t('flag.env')}${colon}${spec.env.length > 0 ? spec.env.map((e) => `\`${e}\``).join(', ') : t('flag.envNone')}`,
  ];
  const paragraphs = [
    `**${names}** · ${spec.type}`,
    ...(lang === 'zh' ? [spec.zh] : [spec.description, spec.zh]),
    facts.join(' · ') + (spec.defaultNote === undefined ? '' : ` (${spec.defaultNote})`),
    `${t('flag.affects')}${colon}${spec.affects}`,
  ];
  const note = STATUS_NOTE[spec.status];
  return note === undefined ? paragraphs : [...paragraphs, `_${t(note)}_`];
}

export interface FlagCompletion {
  readonly label: string;
  readonly detail: string;
  readonly documentation: string;
  /** Sorts rule-affecting, current flags first. */
  readonly sortText: string;
}

const STATUS_RANK: Readonly<Record<FlagSpec['status'], number>> = {
  current: 0,
  variant: 1,
  removed: 2,
  older: 3,
  'pilot-agent': 4,
};

/**
 * Completion items for the flag being typed: long names for `--…`, long and short for `-…`.
 *
 * @example
 * listFlagCompletions(ISTIO_FLAGS, '--inb').map((c) => c.label); // ['--inbound-capture-port', …]
 */
export function listFlagCompletions(
  flags: readonly FlagSpec[],
  typed: string,
  lang: Lang = 'en',
): FlagCompletion[] {
  const out: FlagCompletion[] = [];
  for (const spec of flags) {
    const names = [
      `--${spec.long}`,
      ...(spec.short === undefined || typed.startsWith('--') ? [] : [`-${spec.short}`]),
    ];
    for (const label of names) {
      if (!label.startsWith(typed)) continue;
      out.push({
        label,
        detail: lang === 'zh' ? spec.zh : spec.description,
        documentation: describeFlag(spec, lang).join('\n\n'),
        sortText: `${STATUS_RANK[spec.status]}${label.startsWith('--') ? '1' : '0'}${spec.long}`,
      });
    }
  }
  return out;
}
