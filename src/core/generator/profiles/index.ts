export { PROFILES, type Profile } from './profiles.ts';
export { ERAS, type EraFeatures } from './eras.ts';
export { ABSENT_OPTIONS } from './era-config.ts';
