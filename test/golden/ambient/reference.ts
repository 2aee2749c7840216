import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Istio's ambient reference pack, vendored (upstream paths and blob ids in its SOURCES.tsv). */
export const AMBIENT_DIR = fileURLToPath(
  new URL('../../fixtures/istio/istio-ambient/', import.meta.url),
);
export const NFT_DIR = fileURLToPath(
  new URL('../../fixtures/istio/istio-nftables/', import.meta.url),
);

/** One golden with the `intercept …` command line that must reproduce it. */
export interface AmbientCase {
  readonly name: string;
  readonly golden: string;
  readonly cli: string;
  readonly kernelSave: readonly string[];
  readonly nft?: { readonly golden: string; readonly cli: string };
}

interface RawCase {
  readonly golden: string;
  readonly cli: string | null;
  readonly kernelLoad: { readonly printedBack: readonly string[] };
  readonly nativeNftablesCounterpart?: { readonly golden: string; readonly cli: string };
}

interface CasesFile {
  readonly inpodAndHost: { readonly cases: Record<string, RawCase> };
  readonly cniPlugin: { readonly cases: Record<string, RawCase> };
}

function readCases(): CasesFile {
  return JSON.parse(readFileSync(`${AMBIENT_DIR}cases.json`, 'utf8')) as CasesFile;
}

function toCases(raw: Record<string, RawCase>): AmbientCase[] {
  return Object.entries(raw).flatMap(([name, c]) =>
    c.cli === null
      ? []
      : [
          {
            name,
            golden: c.golden,
            cli: c.cli,
            kernelSave: c.kernelLoad.printedBack,
            ...(c.nativeNftablesCounterpart ? { nft: c.nativeNftablesCounterpart } : {}),
          },
        ],
  );
}

/** cases.json → inpodAndHost: 12 in-pod and 2 host-probe goldens. */
export function loadAmbientCases(): AmbientCase[] {
  return toCases(readCases().inpodAndHost.cases);
}

/** cases.json → cniPlugin, without the orphan golden no upstream test reads. */
export function loadCniPluginCases(): AmbientCase[] {
  return toCases(readCases().cniPlugin.cases);
}

/** The command line after `intercept` (the case lines have no quoting). */
export function argvOf(cli: string): string[] {
  const words = cli.split(/\s+/).filter((w) => w !== '');
  if (words[0] !== 'intercept') throw new Error(`not an intercept line: ${cli}`);
  return words.slice(1);
}

export function readAmbient(path: string): string {
  return readFileSync(`${AMBIENT_DIR}${path}`, 'utf8');
}

/** A file of the nftables pack, named as cases.json names it (`istio-nftables/golden/…`). */
export function readNft(path: string): string {
  return readFileSync(`${NFT_DIR}${path.replace(/^istio-nftables\//, '')}`, 'utf8');
}
