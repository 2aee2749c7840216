import type { ReactNode } from 'react';
import { DnsServersField } from './dns-servers-field.tsx';
import { Ipv6Toggle } from './ipv6-toggle.tsx';
import { PresetsSelect } from './presets-select.tsx';
import { VersionSelect } from './version-select.tsx';

export function Header(): ReactNode {
  return (
    <header className="header">
      <h1 className="brand">
        Intercept Explorer <small>how istio-init captures a pod&apos;s traffic</small>
      </h1>
      <PresetsSelect />
      <VersionSelect />
      <Ipv6Toggle />
      <DnsServersField />
    </header>
  );
}
