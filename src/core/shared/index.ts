export * from './assert.ts';
export * from './brand.ts';
export * from './diagnostics.ts';
export * from './ip.ts';
export * from './result.ts';
export * from './source-range.ts';
