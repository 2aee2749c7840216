import type { IpAddress } from '../../shared/ip.ts';

/** A target reduced to what the simulator needs; options already parsed. */
export type CompiledTarget =
  | { readonly kind: 'none' }
  | { readonly kind: 'accept' }
  | { readonly kind: 'drop' }
  | { readonly kind: 'return' }
  | { readonly kind: 'queue' }
  | { readonly kind: 'jump'; readonly chain: string }
  | { readonly kind: 'goto'; readonly chain: string }
  | { readonly kind: 'reject' }
  | { readonly kind: 'redirect'; readonly port: number | undefined }
  | {
      readonly kind: 'dnat';
      readonly to: string;
      readonly addr: IpAddress | undefined;
      readonly port: number | undefined;
    }
  | {
      readonly kind: 'snat';
      readonly to: string;
      readonly addr: IpAddress | undefined;
      readonly port: number | undefined;
    }
  | { readonly kind: 'masquerade'; readonly port: number | undefined }
  | { readonly kind: 'tproxy'; readonly port: number; readonly mark: number; readonly mask: number }
  | { readonly kind: 'mark'; readonly value: number; readonly mask: number }
  | { readonly kind: 'connmark-set'; readonly value: number; readonly mask: number }
  | { readonly kind: 'connmark-save'; readonly nfmask: number; readonly ctmask: number }
  | { readonly kind: 'connmark-restore'; readonly nfmask: number; readonly ctmask: number }
  | { readonly kind: 'ct'; readonly zone: number | undefined; readonly notrack: boolean }
  | { readonly kind: 'log'; readonly name: string };

/** A compiled target, or why it cannot be evaluated. */
export type TargetCompilation =
  | { readonly ok: true; readonly target: CompiledTarget; readonly note?: string }
  | { readonly ok: false; readonly reason: string };

/** What running a target does to the traversal. */
export type TargetEffect =
  | { readonly verdict: 'continue' }
  | { readonly verdict: 'accept'; readonly token: string }
  | { readonly verdict: 'drop' }
  | { readonly verdict: 'reject' };
