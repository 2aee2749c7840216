/**
 * The mesh model: a Bookinfo scenario, each pod's istio-init rules (from the generator), the
 * Envoy configuration pilot would push, and the request path through every sidecar, with every
 * netfilter step computed by the simulator. See README.md in this folder.
 */
export type {
  CallSpec,
  DestinationRuleSpec,
  DestinationSpec,
  GatewaySpec,
  HttpMatchSpec,
  HttpRouteSpec,
  MeshSettings,
  OutboundTrafficPolicy,
  PodSpec as MeshPodSpec,
  ProxySpec,
  RequestOrigin,
  RequestSpec,
  RouteDestinationSpec,
  Scenario,
  ServiceSpec,
  StringMatchSpec,
  SubsetSpec,
  VirtualServiceSpec,
} from './scenario.ts';
export type { BookinfoOptions, BookinfoRouting } from './bookinfo.ts';
export { createBookinfoRequest, createBookinfoScenario } from './bookinfo.ts';
export { parseScenarioYaml, renderScenarioYaml } from './scenario-yaml.ts';
export { parseRoutingYaml } from './routing-yaml.ts';
export type { ScenarioProblem } from './validate.ts';
export { checkScenario } from './validate.ts';
export type { MeshEra, ProxySocket } from './era.ts';
export { MESH_ERAS } from './era.ts';
export type { AnnotationOverride, ArgsOrigin, ResolvedArgs } from './injector.ts';
export { annotationOverrides, excludeInboundPort, resolvePodArgs } from './injector.ts';
export type { PodNetwork } from './sidecar.ts';
export { buildPodNetwork } from './sidecar.ts';
export type { World } from './world.ts';
export { createWorld } from './world.ts';
export type {
  ChainFilter,
  EnvoyCluster,
  EnvoyConfig,
  EnvoyListener,
  FilterChain,
  LbEndpoint,
  RouteAction,
  RouteConfiguration,
  RouteEntry,
  VirtualHost,
  WeightedCluster,
} from './envoy/types.ts';
export { buildGatewayEnvoy, buildSidecarEnvoy } from './envoy/build.ts';
export type { NetfilterTraversal, TracePacket } from './netfilter-step.ts';
export type {
  AcceptStep,
  Actor,
  AppStep,
  ConnectStep,
  Dataplane,
  EnvoyClusterStep,
  EnvoyEndpointStep,
  EnvoyListenerStep,
  EnvoyRouteStep,
  FailureStep,
  Hop,
  HopCaller,
  NetfilterStep,
  PathDiagnostic,
  PathStep,
  PodView,
  ProbeCheck,
  RequestPath,
  WaypointAction,
  WaypointStep,
  WireStep,
  ZtunnelAction,
  ZtunnelStep,
} from './path-types.ts';
export type { PathOptions } from './request-path.ts';
export { computeRequestPath } from './request-path.ts';
export { formatRequestPath } from './format-path.ts';
