export * from './config.ts';
export * from './flags.ts';
export * from './parse-args.ts';
export * from './generate.ts';
export * from './render-restore.ts';
export * from './load-rules.ts';
export * from './profiles/index.ts';
export * from './nft/index.ts';
export type { AnnotationSetting } from './input/annotations.ts';
