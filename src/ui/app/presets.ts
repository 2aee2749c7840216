import { ISTIO_VERSIONS, PROFILES } from '@core';
import type { Lang, MessageKey } from '../i18n/messages.ts';
import type { Params } from '../i18n/translate.ts';
import type { PresetInput } from '../store/store.ts';
import { DATAPLANE_PRESETS } from '../dataplane/dataplane-presets.ts';
import { BOOKINFO_PRODUCTPAGE_1_0, INJECTED_POD_1_25 } from './preset-pods.ts';

export type PresetGroup = 'profiles' | 'features' | 'pods' | 'ambient' | 'cni';

export interface Preset {
  readonly id: string;
  readonly group: PresetGroup;
  /**
   * A message key (and its parameters): the menu shows it in the page language. `localParams`
   * are parameters that exist in each language (a profile's label).
   */
  readonly label: {
    readonly key: MessageKey;
    readonly params?: Params;
    readonly localParams?: Readonly<Record<string, Readonly<Record<Lang, string>>>>;
  };
  readonly input: PresetInput;
}

/** The preset's label parameters in one language. */
export function presetParams(preset: Preset, lang: Lang): Params {
  const local: Record<string, string> = {};
  for (const [k, v] of Object.entries(preset.label.localParams ?? {})) local[k] = v[lang];
  return { ...preset.label.params, ...local };
}

export const PRESET_GROUP_LABELS: Readonly<Record<PresetGroup, MessageKey>> = {
  profiles: 'presets.profiles',
  features: 'presets.features',
  pods: 'presets.pods',
  ambient: 'presets.ambient',
  cni: 'presets.cni',
};

/** The args the sidecar injector writes today; the feature presets vary one thing each. */
const BASE =
  "istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x \"\" -b '*' -d 15090,15021,15020";

const FEATURE_PRESETS: readonly Preset[] = [
  {
    id: 'tproxy',
    group: 'features',
    label: { key: 'presets.tproxy' },
    input: { text: BASE.replace('-m REDIRECT', '-m TPROXY'), version: 'latest' },
  },
  {
    id: 'dns',
    group: 'features',
    label: { key: 'presets.dns' },
    input: { text: `${BASE} --redirect-dns`, version: 'latest', dnsServers: '10.96.0.10' },
  },
  {
    id: 'exclusions',
    group: 'features',
    label: { key: 'presets.exclusions' },
    input: {
      text:
        "istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' " +
        "-x 169.254.169.254/32,10.0.0.0/28 -b '*' -d 15090,15021,15020,8081 -o 3306,6379",
      version: 'latest',
    },
  },
];

const POD_PRESETS: readonly Preset[] = [
  {
    id: 'bookinfo-productpage-1.0',
    group: 'pods',
    label: { key: 'presets.bookinfo' },
    input: { text: BOOKINFO_PRODUCTPAGE_1_0, version: '1.0' },
  },
  {
    id: 'injected-pod-1.25',
    group: 'pods',
    label: { key: 'presets.injected' },
    input: { text: INJECTED_POD_1_25, version: 'latest' },
  },
];

/**
 * Every preset of the menu: each profile's own default args, then one preset per feature, then
 * the seeds' pods, then the ambient and CNI-plugin settings. Profile presets read the core's profile table, so they follow it.
 */
export function listPresets(): readonly Preset[] {
  const profiles: Preset[] = ISTIO_VERSIONS.map((version) => ({
    id: `profile-${version}`,
    group: 'profiles',
    label: { key: 'presets.profileDefault', localParams: { label: PROFILES[version].label } },
    input: { text: PROFILES[version].defaultArgs, version },
  }));
  const planes: Preset[] = DATAPLANE_PRESETS.map((p) => ({ ...p, label: { key: p.label } }));
  return [...profiles, ...FEATURE_PRESETS, ...POD_PRESETS, ...planes];
}
