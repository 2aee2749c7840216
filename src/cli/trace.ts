import type { Command } from './io.ts';

// TODO(#2): replaced by the owning workstream this session.
export const traceCommand: Command = {
  name: 'trace',
  summary: '(in progress)',
  usage: 'intercept trace\n',
  run: () => Promise.resolve(1),
};
