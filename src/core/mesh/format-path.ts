import type { Hop, PathDiagnostic, RequestPath } from './path-types.ts';

function formatHop(hop: Hop): string[] {
  const indent = '  '.repeat(hop.depth);
  const head = `${indent}${hop.id} ${hop.label}: ${hop.method} ${hop.host}${hop.path} → ${hop.ok ? hop.status : `FAILED ${hop.status}`}${hop.responseFlag ? ` ${hop.responseFlag}` : ''}`;
  const lines = [head];
  for (const s of hop.steps) lines.push(`${indent}  ${s.id} ${s.kind} ${s.label}`);
  for (const s of hop.response) lines.push(`${indent}  ${s.id} ${s.kind} ${s.label}`);
  return lines;
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
  const lines = [
    `# ${path.request.method} ${path.request.path} from ${from}, profile ${path.version} → ${path.status}`,
  ];
  for (const pod of path.pods) {
    lines.push(
      `pod ${pod.name} ${pod.ip}${pod.commandLine ? `: ${pod.commandLine}` : ' (no istio-init)'}${pod.proxyUid === undefined ? '' : ` (proxy uid ${pod.proxyUid} gid ${pod.proxyGid ?? pod.proxyUid}, ${pod.proxyMode ?? 'REDIRECT'})`}`,
    );
  }
  for (const hop of path.hops) lines.push(...formatHop(hop));
  if (path.probes.length > 0) {
    lines.push('probes:');
    for (const p of path.probes)
      lines.push(`  ${p.id} ${p.captured ? 'CAPTURED' : 'ok'} ${p.step.label}`);
  }
  lines.push(path.diagnostics.length === 0 ? 'diagnostics: none' : 'diagnostics:');
  for (const d of path.diagnostics) lines.push(formatDiagnostic(d));
  return `${lines.join('\n')}\n`;
}
