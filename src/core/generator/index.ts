export * from './config.ts';
export * from './flags.ts';
export * from './parse-args.ts';
