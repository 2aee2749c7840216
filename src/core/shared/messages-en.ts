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
};
