import type { ReactNode } from 'react';
import { BackendSelect } from '../backend/backend-select.tsx';
import { DataplaneSelect } from '../dataplane/dataplane-select.tsx';
import { LanguageSelect } from '../i18n/language-select.tsx';
import { useT } from '../i18n/use-t.ts';
import { ShareMenu } from '../share/share-menu.tsx';
import { DnsServersField } from './dns-servers-field.tsx';
import { Ipv6Toggle } from './ipv6-toggle.tsx';
import { PresetsSelect } from './presets-select.tsx';
import { VersionSelect } from './version-select.tsx';
import { LayoutSelect } from '../layout/layout-select.tsx';

/** The top bar: brand, state controls, layout (wide screens), language, share and the tutorial. */
export function Header(props: { tutorial: ReactNode; wide: boolean }): ReactNode {
  const t = useT();
  return (
    <header className="header">
      <h1 className="brand">
        {t('app.brand')} <small>{t('app.tagline')}</small>
      </h1>
      <DataplaneSelect />
      <PresetsSelect />
      <VersionSelect />
      <BackendSelect />
      <Ipv6Toggle />
      <DnsServersField />
      {props.wide && <LayoutSelect />}
      <LanguageSelect />
      <ShareMenu />
      {props.tutorial}
    </header>
  );
}
