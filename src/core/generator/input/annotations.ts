/**
 * A flag value the sidecar injector writes into istio-init's args from a pod annotation, in place
 * of the value the args set. upstream: manifests/charts/istio-control/istio-discovery/files/injection-template.yaml.
 *
 * @example
 * const a: AnnotationSetting = { annotation: 'traffic.sidecar.istio.io/excludeOutboundIPRanges', flag: 'istio-service-exclude-cidr', value: '10.254.0.0/16' };
 */
export interface AnnotationSetting {
  readonly annotation: string;
  /** Long flag name. */
  readonly flag: string;
  readonly value: string;
}
