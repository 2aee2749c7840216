import type { Hop, PathDiagnostic, RequestPath } from './path-types.ts';

function formatHop(hop: Hop): string[] {
  const indent = '  '.repeat(hop.depth);
  const head = `${indent}${hop.id} ${hop.label}: ${hop.method} ${hop.host}${hop.path} → ${hop.ok ? hop.status : `FAILED ${hop.status}`}${hop.responseFlag ? ` ${hop.responseFlag}` : ''}`;
  const lines = [head];
  for (const s of hop.steps) lines.push(`${indent}  ${s.id} ${s.kind} ${s.label}`);
  for (const s of hop.response) lines.push(`${indent}  ${s.id} ${s.kind} ${s.label}`);
  return lines;
}

const AMBIENT_ROLE = {
  pod: 'ambient (istio-cni in-pod rules, ztunnel sockets 15001/15006/15008/15053)',
  waypoint: 'waypoint (Envoy, not captured)',
  node: 'node (host probe rules)',
} as const;

function formatWaypoints(path: RequestPath): string {
  const w = path.waypoints ?? [];
  return `, ambient${w.length === 0 ? '' : `, waypoints: ${w.join(' ')}`}`;
}

function formatDiagnostic(d: PathDiagnostic): string {
  const where = [d.pod, d.step, d.rule, d.flag === undefined ? undefined : `--${d.flag}`]
    .filter((x) => x !== undefined)
    .join(' ');
  return `  ${d.severity} ${d.code}${where === '' ? '' : ` [${where}]`}: ${d.message}`;
}

/**
 * The request path as text, one line per step (the golden format): a header, each hop (indented
 * by depth) with its steps and response steps, the health-port probes, then the diagnostics.
 *
 * @example
 * formatRequestPath(computeRequestPath(createBookinfoScenario(), createBookinfoRequest())).split('\n')[0];
 * // '# GET /productpage from client, profile latest → 200'
 */
export function formatRequestPath(path: RequestPath): string {
  const from = path.request.from.kind === 'ingress' ? 'client' : path.request.from.pod;
  const plane = path.dataplane === 'ambient' ? formatWaypoints(path) : '';
  const lines = [
    `# ${path.request.method} ${path.request.path} from ${from}, profile ${path.version}${plane} → ${path.status}`,
  ];
  for (const pod of path.pods) {
    if (pod.ambient !== undefined) {
      lines.push(`pod ${pod.name} ${pod.ip}: ${AMBIENT_ROLE[pod.ambient]}`);
      continue;
    }
    lines.push(
      `pod ${pod.name} ${pod.ip}${pod.commandLine ? `: ${pod.commandLine}` : ' (no istio-init)'}${pod.proxyUid === undefined ? '' : ` (proxy uid ${pod.proxyUid} gid ${pod.proxyGid ?? pod.proxyUid}, ${pod.proxyMode ?? 'REDIRECT'})`}`,
    );
  }
  for (const hop of path.hops) lines.push(...formatHop(hop));
  if (path.probes.length > 0) {
    lines.push('probes:');
    for (const p of path.probes) {
      if (p.node) lines.push(`  ${p.node.id} ${p.node.label}`);
      lines.push(`  ${p.id} ${p.captured ? 'CAPTURED' : 'ok'} ${p.step.label}`);
    }
  }
  lines.push(path.diagnostics.length === 0 ? 'diagnostics: none' : 'diagnostics:');
  for (const d of path.diagnostics) lines.push(formatDiagnostic(d));
  return `${lines.join('\n')}\n`;
}
