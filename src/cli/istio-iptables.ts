import type { Command } from './io.ts';

// TODO(#2): replaced by the owning workstream this session.
export const istioIptablesCommand: Command = {
  name: 'istio-iptables',
  summary: '(in progress)',
  usage: 'intercept istio-iptables\n',
  run: () => Promise.resolve(1),
};
