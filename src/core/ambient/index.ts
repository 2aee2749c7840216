export * from './config.ts';
export * from './inpod.ts';
export * from './render.ts';
export * from './cni-plugin.ts';
export * from './nft.ts';
