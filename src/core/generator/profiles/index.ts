export { PROFILES, type Profile } from './profiles.ts';
export { ERAS, RULE_PROFILES, type EraFeatures } from './eras.ts';
export { ABSENT_OPTIONS } from './era-config.ts';
export {
  hasOption,
  optionStatus,
  OPTION_HISTORY,
  PROFILE_RELEASES,
  type OptionHistory,
  type OptionStatus,
  type ProfileRelease,
} from './releases.ts';
export {
  LISTING_STYLES,
  listOptionsFor,
  PROXY_USERSPACE,
  type ListingStyle,
  type ProxyUserspace,
} from './listing.ts';
