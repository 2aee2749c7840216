/**
 * A rule body of nftables as statements, enough to print it as `nft list ruleset` does and to
 * evaluate it. Words the model does not know stay as `unknown` (printed verbatim).
 */
export type NftValue =
  | { readonly kind: 'single'; readonly text: string }
  | { readonly kind: 'set'; readonly items: readonly string[] }
  | { readonly kind: 'ref'; readonly name: string }
  /** An anonymous map `{ 22 : accept, 80 : drop }` (verdict maps and data maps). */
  | {
      readonly kind: 'map';
      readonly entries: readonly { readonly key: string; readonly value: string }[];
    };

export type NftStatement =
  | {
      readonly kind: 'match';
      /** Canonical selector: `meta mark`, `ip daddr`, `tcp dport`, `ct state`, `iifname`, … */
      readonly key: string;
      readonly mask?: string;
      readonly op: '==' | '!=';
      /** `==` written explicitly (kept by nothing: nft prints equality implicitly). */
      readonly value: NftValue;
    }
  | {
      /** `KEY vmap @name` / `KEY vmap { k : verdict, … }`: the verdict the key maps to. */
      readonly kind: 'vmap';
      readonly key: string;
      readonly map: NftValue;
    }
  | { readonly kind: 'counter' }
  | {
      readonly kind: 'verdict';
      readonly verdict: 'accept' | 'drop' | 'return' | 'continue' | 'jump' | 'goto';
      readonly target?: string;
    }
  | { readonly kind: 'redirect'; readonly port?: string }
  | { readonly kind: 'tproxy'; readonly family?: 'ip' | 'ip6'; readonly to: string }
  | {
      readonly kind: 'nat';
      readonly type: 'snat' | 'dnat';
      readonly family?: 'ip' | 'ip6';
      readonly to: string;
    }
  | { readonly kind: 'masquerade' }
  | {
      readonly kind: 'set';
      /** `meta mark`, `ct mark`, `ct zone`, `meta nftrace`. */
      readonly key: string;
      /** A constant, or another selector (`meta mark`, `ct mark`) with optional `&`/`|`. */
      readonly from: string;
      readonly mask?: string;
      readonly or?: string;
      /** `… set <from> map @m`: the value is looked up in a map keyed by `from`. */
      readonly map?: NftValue;
    }
  | { readonly kind: 'log'; readonly prefix?: string }
  | { readonly kind: 'unknown'; readonly raw: string };

export interface NftRuleBody {
  readonly statements: readonly NftStatement[];
}
