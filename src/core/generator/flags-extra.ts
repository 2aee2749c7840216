import { NOT_RULE_AFFECTING, type FlagSpec, type FlagType } from './flag-spec.ts';

/**
 * Flags the newest root.go does not bind but istio-iptables still meets: a sibling version's,
 * removed ones older profiles use, older releases' (accepted, ignored) and pilot-agent's
 * logging flags (accepted and noted).
 */
export const EXTRA_FLAGS: readonly FlagSpec[] = [
  {
    long: 'force-legacy-iptables',
    env: ['FORCE_LEGACY_IPTABLES'],
    type: 'bool',
    default: false,
    status: 'variant',
    description: 'Sibling version of the newest code: force iptables-legacy.',
    zh: '最新代码的另一版本：强制使用 iptables-legacy。',
    affects: NOT_RULE_AFFECTING,
  },
  {
    long: 'iptables-trace-logging',
    env: [],
    type: 'bool',
    default: false,
    field: 'iptablesTraceLogging',
    status: 'removed',
    description: 'Removed: inserted NFLOG trace rules (older profiles only).',
    zh: '已移除：为规则插入 NFLOG 跟踪日志（仅旧版本）。',
    affects: 'NFLOG rules in older profiles',
  },
  {
    long: 'restore-format',
    short: 'f',
    env: [],
    type: 'bool',
    default: true,
    status: 'older',
    description: 'Older releases: print rules in iptables-restore format. Ignored.',
    zh: '旧版本：以 iptables-restore 格式输出规则。此处忽略。',
    affects: NOT_RULE_AFFECTING,
  },
  {
    long: 'iptables-version',
    env: [],
    type: 'string',
    default: '',
    status: 'older',
    description: 'Older releases: iptables version to use (auto-detected if unset). Ignored.',
    zh: '旧版本：指定 iptables 版本（不设置则自动检测）。此处忽略。',
    affects: NOT_RULE_AFFECTING,
  },
  {
    long: 'help',
    short: 'h',
    env: [],
    type: 'bool',
    default: false,
    status: 'pilot-agent',
    description: 'Print usage; nothing is programmed.',
    zh: '打印用法，不写入任何规则。',
    affects: NOT_RULE_AFFECTING,
  },
  ...[
    'log_as_json:bool',
    'log_caller:string',
    'log_output_level:string',
    'log_rotate:string',
    'log_rotate_max_age:int',
    'log_rotate_max_backups:int',
    'log_rotate_max_size:int',
    'log_stacktrace_level:string',
    'log_target:string-array',
    'vklog:int',
  ].map(logFlag),
];

function logFlag(spec: string): FlagSpec {
  const [long = '', type = 'string'] = spec.split(':');
  return {
    long,
    env: [],
    type: type as FlagType,
    default: type === 'bool' ? false : '',
    status: 'pilot-agent',
    description: 'pilot-agent logging option; does not affect the rules.',
    zh: 'pilot-agent 日志选项，不影响规则。',
    affects: NOT_RULE_AFFECTING,
  };
}
