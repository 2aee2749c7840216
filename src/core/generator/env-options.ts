import { NOT_RULE_AFFECTING, type EnvOptionSpec } from './flag-spec.ts';

/**
 * Options read only from the environment (upstream: tools/common/config/config.go).
 *
 * @example
 * ENV_OPTIONS.find((o) => o.env === 'ISTIO_OUTBOUND_OWNER_GROUPS')?.default; // '*'
 */
export const ENV_OPTIONS: readonly EnvOptionSpec[] = [
  {
    env: 'ISTIO_OUTBOUND_OWNER_GROUPS',
    type: 'name-list',
    default: '*',
    field: 'ownerGroupsInclude',
    description:
      'Groups (names or GIDs) whose outbound traffic is captured; "*" = all (at most 64).',
    zh: '出站流量会被拦截的用户组（名称或 GID）；"*" 表示全部（最多 64 个）。',
    affects: 'ISTIO_OUTPUT -m owner ! --gid-owner … -j RETURN',
  },
  {
    env: 'ISTIO_OUTBOUND_OWNER_GROUPS_EXCLUDE',
    type: 'name-list',
    default: '',
    field: 'ownerGroupsExclude',
    description:
      'Groups whose outbound traffic is not captured; only when the include list is "*".',
    zh: '出站流量不被拦截的用户组；仅当包含列表为 "*" 时生效。',
    affects: 'ISTIO_OUTPUT -m owner --gid-owner X -j RETURN',
  },
  {
    env: 'ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR',
    type: 'string',
    default: '127.0.0.1/32',
    field: 'hostIPv4LoopbackCidr',
    description: 'IPv4 loopback CIDR used in the loopback rules (IPv6 always uses ::1/128).',
    zh: '回环规则中使用的 IPv4 回环 CIDR（IPv6 固定为 ::1/128）。',
    affects: '! -d / -d <loopback> in ISTIO_OUTPUT and TPROXY rules',
  },
  {
    env: 'ENVOY_USER',
    type: 'string',
    default: 'istio-proxy',
    description:
      'User looked up to default the proxy uid; users cannot be looked up here, so 1337 is used.',
    zh: '用于推导代理 UID 的用户名；此处无法查询用户，固定使用 1337。',
    affects: 'default of --proxy-uid',
  },
  {
    env: 'DRY_RUN_FILE_PATH',
    type: 'string',
    default: '',
    description: 'With --dry-run: file the recorded commands are written to.',
    zh: '配合 --dry-run：记录的命令写入此文件。',
    affects: NOT_RULE_AFFECTING,
  },
];
