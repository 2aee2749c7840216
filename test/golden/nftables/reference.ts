import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Istio's nftables reference pack, vendored in the repo: `test/fixtures/istio/istio-nftables`
 * (upstream paths, commits and blob ids in its SOURCES.tsv; licence in test/fixtures/istio/NOTICE).
 */
export const NFT_REFERENCE_DIR = fileURLToPath(
  new URL('../../fixtures/istio/istio-nftables/', import.meta.url),
);

export interface NftCaptureCase {
  readonly name: string;
  readonly golden: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly flags: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly nftApply: { readonly accepted: boolean };
}

export interface NftBuilderOperation {
  readonly call:
    'AppendRule' | 'InsertRule' | 'AppendV6RuleIfSupported' | 'InsertV6RuleIfSupported';
  readonly chain: string;
  readonly table: string;
  readonly position?: number;
  readonly params: readonly string[];
}

export interface NftBuilderCase {
  readonly name: string;
  readonly golden: string;
  /** `null` for the orphan `add-table-chain` golden, which no upstream test uses. */
  readonly builderConfig: { readonly EnableIPv6: boolean } | null;
  readonly operations: readonly NftBuilderOperation[];
}

interface CasesFile {
  readonly capture: { readonly cases: Record<string, Omit<NftCaptureCase, 'name'>> };
  readonly builder: { readonly cases: Record<string, Omit<NftBuilderCase, 'name'>> };
}

function readCases(): CasesFile {
  return JSON.parse(readFileSync(`${NFT_REFERENCE_DIR}cases.json`, 'utf8')) as CasesFile;
}

/** The 28 cases of upstream's capture/run_test.go (TestNftables). */
export function loadNftCaptureCases(): readonly NftCaptureCase[] {
  return Object.entries(readCases().capture.cases).map(([name, c]) => ({ name, ...c }));
}

/** The cases of upstream's builder/nftables_builder_test.go (TestBuilder). */
export function loadNftBuilderCases(): readonly NftBuilderCase[] {
  return Object.entries(readCases().builder.cases).map(([name, c]) => ({ name, ...c }));
}

export function readNftReference(path: string): string {
  return readFileSync(`${NFT_REFERENCE_DIR}${path}`, 'utf8');
}
