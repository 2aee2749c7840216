import type { Command } from './io.ts';

// TODO(#2): replaced by the owning workstream this session.
export const saveCommand: Command = {
  name: 'save',
  summary: '(in progress)',
  usage: 'intercept save\n',
  run: () => Promise.resolve(1),
};
