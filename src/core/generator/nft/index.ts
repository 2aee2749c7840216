export {
  generateNftables,
  NFT_BACKEND_ERAS,
  type GeneratedNftables,
  type NftBackendEra,
} from './generate-nft.ts';
export { SIDECAR_LAYOUTS } from './context.ts';
