import type { DiagnosticCode, Severity } from '../shared/diagnostics.ts';
import { diagnostic } from '../shared/diagnostics.ts';
import { parseAddress, parseCidrLoose } from '../shared/ip.ts';
import { EMPTY_RANGE } from '../shared/source-range.ts';
import type { PathDiagnostic } from './path-types.ts';
import type { Scenario, VirtualServiceSpec } from './scenario.ts';
import type { World } from './world.ts';
import { createWorld } from './world.ts';

/**
 * A problem in a scenario, at a field path (`virtualServices.1.http.0.route.0.destination.subset`)
 * the YAML reader maps back to a source range.
 *
 * @example
 * const p: ScenarioProblem = { path: 'pods.0.ip', code: 'bad-scenario', severity: 'error', message: 'not an address' };
 */
export interface ScenarioProblem {
  readonly path: string;
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
}

function checkUnique(
  names: readonly string[],
  what: string,
  section: string,
  out: ScenarioProblem[],
): void {
  names.forEach((n, i) => {
    if (names.indexOf(n) !== i)
      out.push({
        path: `${section}.${i}.name`,
        code: 'bad-scenario',
        severity: 'error',
        message: `${what} '${n}' is defined twice`,
      });
  });
}

function checkAddresses(s: Scenario, out: ScenarioProblem[]): void {
  s.services.forEach((svc, i) => {
    if (svc.clusterIP !== 'None' && parseAddress(svc.clusterIP)?.family !== 4) {
      out.push({
        path: `services.${i}.clusterIP`,
        code: 'bad-scenario',
        severity: 'error',
        message: `Service ${svc.name}: clusterIP '${svc.clusterIP}' is not an IPv4 address (or None)`,
      });
    }
  });
  const ips: string[] = [];
  s.pods.forEach((p, i) => {
    const cidr = parseCidrLoose(p.ip.includes('/') ? p.ip : `${p.ip}/24`);
    if (cidr?.family !== 4)
      out.push({
        path: `pods.${i}.ip`,
        code: 'bad-scenario',
        severity: 'error',
        message: `pod ${p.name}: ip '${p.ip}' is not an IPv4 address (with an optional /prefix)`,
      });
    const host = p.ip.split('/')[0] ?? '';
    if (ips.includes(host))
      out.push({
        path: `pods.${i}.ip`,
        code: 'bad-scenario',
        severity: 'error',
        message: `pod ${p.name}: address ${host} is used twice`,
      });
    ips.push(host);
  });
  if (
    parseCidrLoose(s.gateway.ip.includes('/') ? s.gateway.ip : `${s.gateway.ip}/24`)?.family !== 4
  ) {
    out.push({
      path: 'gateway.ip',
      code: 'bad-scenario',
      severity: 'error',
      message: `gateway ip '${s.gateway.ip}' is not an IPv4 address`,
    });
  }
}

function checkVirtualService(
  s: Scenario,
  world: World,
  vs: VirtualServiceSpec,
  i: number,
  out: ScenarioProblem[],
): void {
  vs.http.forEach((http, j) => {
    const weights = http.route.map((r) => r.weight ?? 0);
    const total = weights.reduce((a, b) => a + b, 0);
    if (http.route.length > 1 && total !== 100) {
      out.push({
        path: `virtualServices.${i}.http.${j}.route`,
        code: 'bad-scenario',
        severity: 'warning',
        message: `VirtualService ${vs.name}: route weights add up to ${total}, not 100`,
      });
    }
    (http.match ?? []).forEach((m, k) => {
      const regex =
        m.uri?.regex !== undefined ||
        Object.values(m.headers ?? {}).some((h) => h.regex !== undefined);
      if (regex)
        out.push({
          path: `virtualServices.${i}.http.${j}.match.${k}`,
          code: 'cannot-evaluate',
          severity: 'info',
          message: `VirtualService ${vs.name}: regex matches are not evaluated (treated as not matching)`,
        });
    });
    http.route.forEach((r, k) => {
      const path = `virtualServices.${i}.http.${j}.route.${k}.destination`;
      const service = world.findService(r.destination.host);
      if (!service) {
        out.push({
          path: `${path}.host`,
          code: 'unknown-reference',
          severity: 'warning',
          message: `VirtualService ${vs.name}: destination host '${r.destination.host}' is not a Service of the scenario`,
        });
        return;
      }
      const subset = r.destination.subset;
      if (subset === undefined || subset === '') return;
      const defined = s.destinationRules.some(
        (dr) => world.findService(dr.host) === service && dr.subsets.some((x) => x.name === subset),
      );
      if (!defined)
        out.push({
          path: `${path}.subset`,
          code: 'unknown-reference',
          severity: 'warning',
          message: `VirtualService ${vs.name}: subset '${subset}' of ${service.name} is not defined by any DestinationRule (Envoy will answer 503)`,
        });
    });
  });
}

/**
 * Checks a scenario for problems its types cannot express: duplicate names and addresses, bad
 * addresses, calls and routes to Services or subsets that do not exist, weights not adding to 100.
 *
 * @example
 * checkScenario(createBookinfoScenario()); // []
 */
export function checkScenario(s: Scenario): ScenarioProblem[] {
  const out: ScenarioProblem[] = [];
  checkUnique(
    s.services.map((x) => x.name),
    'Service',
    'services',
    out,
  );
  checkUnique(
    s.pods.map((x) => x.name),
    'pod',
    'pods',
    out,
  );
  checkAddresses(s, out);
  const world = createWorld(s, 'latest');
  s.pods.forEach((p, i) =>
    p.calls.forEach((c, j) => {
      if (!world.findService(c.service))
        out.push({
          path: `pods.${i}.calls.${j}.service`,
          code: 'unknown-reference',
          severity: 'error',
          message: `pod ${p.name} calls Service '${c.service}', which is not defined`,
        });
    }),
  );
  s.virtualServices.forEach((vs, i) => checkVirtualService(s, world, vs, i, out));
  s.destinationRules.forEach((dr, i) => {
    if (!world.findService(dr.host))
      out.push({
        path: `destinationRules.${i}.host`,
        code: 'unknown-reference',
        severity: 'warning',
        message: `DestinationRule ${dr.name}: host '${dr.host}' is not a Service of the scenario`,
      });
  });
  return out;
}

/** {@link checkScenario} as diagnostics without source positions (for scenarios built in code). */
export function validateScenario(s: Scenario): PathDiagnostic[] {
  return checkScenario(s).map((p) =>
    diagnostic(p.code, p.severity, p.message, EMPTY_RANGE, p.path),
  );
}
