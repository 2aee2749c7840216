import type { MessageCatalogue } from './render-message.ts';

/**
 * The English text of every core message: what the CLI prints, and what the UI falls back to.
 * `{name}` marks a parameter (see MESSAGE_PARAMS for its kind).
 */
export const MESSAGES_EN: MessageCatalogue = {
  'capture.redirect-loop':
    "Envoy's own connections are captured again: redirect loop. Envoy runs as uid {uid}, but {flag} is {value}, so the owner rule {rule} does not return its upstream connections and they come back to its own listener on port {port}.",
  'capture.redirect-loop.no-rule':
    "Envoy's own connections are captured again: redirect loop. Envoy runs as uid {uid} and {flag} is {value}: no rule returns its upstream connections, so they come back to its own listener on port {port}.",
  'capture.app-escapes':
    "The app's traffic escapes capture: a connection from uid {uid} to {address}:{port} is let through by {rule} ({flag}) without reaching Envoy.",
  'capture.app-escapes.no-rule':
    "The app's traffic escapes capture: a connection from uid {uid} to {address}:{port} leaves the pod without reaching Envoy.",
  'capture.inbound-bypass':
    'Inbound traffic to port {port} bypasses the sidecar: {rule} ({flag}) hands it straight to the app, without Envoy (no mTLS, no policy).',
  'capture.inbound-bypass.no-rule':
    'Inbound traffic to port {port} bypasses the sidecar: {flag} is {value}, so no rule redirects it to Envoy (no mTLS, no policy).',
  'capture.no-listener':
    "Inbound connections are redirected to port {port} ({flag}) by {rule}, but Envoy's inbound listener is on port {listener}: nothing accepts them, and callers get 503.",
  'fix.proxy-uid': "Fix: set {flag} to {uid}, the uid Envoy runs as (istio-proxy's runAsUser).",
  'fix.review-flag': 'Fix: unless this is intended, remove the value from {flag}.',
  'fix.inbound-ports': "Fix: add {port} to {include} (or use '*') and remove it from {exclude}.",
  'fix.listener-port': "Fix: set {flag} to {listener}, the port of Envoy's inbound listener.",
  'route.loopback-source':
    'Routing refuses the packet before the OUTPUT hook ({errno}): its source {address} is a loopback address and the route leaves through {oif}. The socket call fails, and netfilter never sees the packet.',
  'route.loopback-source.reroute':
    'Re-routing after {table} OUTPUT changed the packet refuses it ({errno}): its source {address} is a loopback address and the new route leaves through {oif}. The kernel drops it there (a UDP send fails, a TCP SYN is lost).',
  'route.no-route':
    'No route to {address} ({errno}): the socket call fails before the OUTPUT hook, and netfilter never sees the packet.',
  'route.loopback-source-leaves-node':
    'The loopback source {address} leaves through {oif}: the kernel sends the packet, but the receiver drops it (RFC 4291 §2.5.3).',
  'ambient.app-connect':
    "{pod}'s app calls {service}: connect() {src} -> {dst}, the Service's ClusterIP. The pod has no sidecar: its own ambient rules decide.",
  'ambient.ztunnel-dns':
    "ztunnel ({node}) answers the app's DNS query for {name} on its DNS proxy, port 15053 inside {pod}'s network namespace, with {address}, the Service's ClusterIP it knows from istiod: the query does not leave the pod.",
  'ambient.ztunnel-outbound':
    "ztunnel ({node}) accepts the connection on its outbound socket, port 15001 inside {pod}'s network namespace; the original destination {target} is Service {service}.",
  'ambient.ztunnel-pick':
    'No waypoint for {service}: ztunnel balances connections at L4 over its endpoints, whatever their version ({count}: {endpoints}); this one goes to {chosen}.',
  'ambient.ztunnel-pick-waypoint':
    '{service} uses the waypoint {waypoint} (istio.io/use-waypoint): ztunnel sends the connection to the waypoint, with the Service address as the CONNECT target.',
  'ambient.ztunnel-connect':
    "ztunnel connect() {src} -> {dst} from a socket inside {pod}'s network namespace, marked 0x539.",
  'ambient.ztunnel-hbone':
    "HBONE: ztunnel opens mutual TLS with {pod}'s identity to {upstream} and sends HTTP/2 CONNECT {target}; the 0x539 mark keeps the connection out of the 15001 redirect.",
  'ambient.ztunnel-inbound':
    "ztunnel ({node}) accepts the HBONE connection on {address} inside {pod}'s network namespace (port 15008 is never redirected), terminates mutual TLS as {pod}, checks that the CONNECT target {target} is this pod and applies L4 authorization.",
  'ambient.ztunnel-deliver':
    "ztunnel connects to {pod}'s app at {target} from a transparent socket marked 0x539 whose source is {source}: the app sees the caller's address.",
  'ambient.ztunnel-return-app':
    "The app's reply to {address} carries mark 0x111 (restored from the connection mark), so the policy route fwmark 0x111 → table 100 (local default dev lo) hands it to ztunnel's transparent socket in {pod} instead of sending it out of eth0.",
  'ambient.ztunnel-return-tunnel':
    'ztunnel in {pod} sends the response back through the HBONE tunnel.',
  'ambient.ztunnel-return-caller':
    "ztunnel writes the response on the app's connection, the one it accepted on port {port} inside {pod}.",
  'ambient.app-serves':
    "{pod}'s app serves {method} {path} on port {port} (200); the connection comes from {source}.",
  'ambient.wire': '{from} → {to}: {src} -> {dst}',
  'ambient.client-wire':
    'client → load balancer → node: kube-proxy forwards the connection to the gateway pod {pod}, {src} -> {dst} (node rules, not simulated).',
  'ambient.envoy-connect': "{pod}'s Envoy connect() {src} -> {dst}.",
  'ambient.gateway-listener':
    "{pod}'s Envoy accepts the connection on {address} (listener {listener}); the gateway pod is not captured.",
  'ambient.gateway-hbone':
    "The gateway's Envoy sees that {pod} is in ambient mode (its endpoint's tunnel is HBONE): it opens mutual TLS to {upstream} and sends HTTP/2 CONNECT {target}.",
  'ambient.waypoint-accept':
    'Waypoint {waypoint} ({pod}, an Envoy ambient does not capture) terminates HBONE on {address}; the CONNECT target {target} is Service {service}, so its L7 routes apply.',
  'ambient.envoy-route': '{pod} routes Host {host}: route {route} → cluster {cluster}.',
  'ambient.envoy-cluster': '{pod} uses cluster {cluster} ({type}).',
  'ambient.envoy-endpoint': '{pod}: endpoints of {cluster}: {endpoints} → {chosen}.',
  'ambient.waypoint-connect':
    'Waypoint {waypoint} opens HBONE to {chosen} at {upstream} and sends HTTP/2 CONNECT {target}.',
  'ambient.probe':
    "kubelet on {node} probes {pod} on port {port}: the node's nat ISTIO_POSTRT rule SNATs the connection to {address}, and {pod}'s rules let that source through to the app without ztunnel.",
  'ambient.ignored-route':
    '{kind} {name} routes {service}, but {service} has no waypoint: in ambient mode only a waypoint (istio.io/use-waypoint) applies L7 routing, so the route is ignored and ztunnel spreads connections over every endpoint ({count}: {endpoints}).',
  'ambient.app-connect-plain':
    "{pod} is not in ambient mode (no in-pod rules): its app's connect() {src} -> {dst} to {service}'s ClusterIP leaves the pod as it is.",
  'ambient.kube-proxy':
    "{from} → node: {src} -> {dst}; the node's kube-proxy DNATs the ClusterIP to {target} (node rules, not simulated).",
  'ambient.ztunnel-plaintext':
    "{pod} is not in ambient mode: ztunnel connects to it over plain TCP ({target}), without HBONE or mutual TLS; the caller pod's address stays the source.",
  'ambient.ztunnel-inbound-plaintext':
    "ztunnel ({node}) accepts the plaintext connection redirected to {address} inside {pod}'s network namespace (its inbound plaintext socket, 15006); the original destination is {target}, and a STRICT PeerAuthentication would refuse it here.",
  'ambient.app-serves-plain':
    "{pod}'s app serves {method} {path} on port {port} (200) without ztunnel; the connection comes from {source}.",
  'ambient.not-delivered':
    "{pod}'s netfilter does not deliver the connection where it should ({final}): it cannot be made.",
  'ambient.wrong-port':
    "{pod}'s rules deliver the connection meant for port {port} to port {delivered}, where nobody expects it.",
  'ambient.route-not-found': 'No route of {proxy} matches {method} {target}: Envoy answers 404.',
  'ambient.missing-cluster':
    '{source} sends the request to cluster {cluster}, which {proxy} does not have (no DestinationRule defines the subset): Envoy answers 503.',
  'ambient.no-healthy-upstream': '{cluster} has no endpoints: no healthy upstream, 503.',
  'ambient.regex-route':
    'Route {route} of {source} uses a regex match, which is not evaluated here; it is treated as not matching.',
  'ambient.unknown-service':
    'Pod {pod} calls Service {service}, which the scenario does not define.',
  'ambient.unknown-request':
    'The request from pod {pod} to Service {service} names a pod or Service the scenario does not define.',
  'ambient.unknown-waypoint':
    'A waypoint is asked for Service {service}, which the scenario does not define.',
  'ambient.step-limit': 'The request tree is cut after {hops} calls or {depth} levels.',
  'ambient.no-endpoint': 'Service {service} has no endpoints: ztunnel has nowhere to connect.',
};
