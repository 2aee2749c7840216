import type { Diagnostic } from '../../shared/diagnostics.ts';
import { diagnostic } from '../../shared/diagnostics.ts';
import { EMPTY_RANGE } from '../../shared/source-range.ts';
import type { Locator } from './tokens.ts';

/** Inputs above this many UTF-16 units (about 1 MB of text) are refused without parsing. */
export const MAX_INPUT_CHARS = 1 << 20;

/** How a pasted text should be read. */
export type InputForm = 'empty' | 'yaml' | 'shell';

const YAML_START = /^(?:---|\.\.\.|%YAML|-(?:[ \t]|$)|\[|[A-Za-z_"'][\w."'/-]*[ \t]*:(?:[ \t]|$))/;
const PROMPT_COMMAND = /^#[ \t]+(?:sudo[ \t]+)?(?:\S*\/)?(?:pilot-agent|istio-iptables)|^#[ \t]+-/;

/**
 * Decides between a shell command line and YAML from the first meaningful line: a YAML document
 * starts with `---`, a `- ` sequence item, a `[` flow sequence or a `key:` mapping entry, none of
 * which a command line does. Blank lines and `#` comments are skipped (a root `# istio-iptables`
 * prompt counts as a command line).
 *
 * @example
 * detectForm('args:\n- -p\n- "15001"'); // 'yaml'
 * detectForm("istio-iptables -p 15001 -b '*'"); // 'shell'
 */
export function detectForm(text: string): InputForm {
  let from = 0;
  for (let guard = 0; from <= text.length && guard <= text.length; guard++) {
    const eol = text.indexOf('\n', from);
    const line = text.slice(from, eol < 0 ? text.length : eol).trim();
    if (line !== '' && (!line.startsWith('#') || PROMPT_COMMAND.test(line))) {
      return YAML_START.test(line) ? 'yaml' : 'shell';
    }
    if (eol < 0) break;
    from = eol + 1;
  }
  return 'empty';
}

/**
 * The cheap checks done before any parsing: too large (one diagnostic, nothing else read) and
 * binary content (NUL or other control bytes, or U+FFFD from undecodable bytes), located at the
 * first offending character.
 */
export function checkInputGuards(text: string, loc: () => Locator): Diagnostic | undefined {
  if (text.length > MAX_INPUT_CHARS) return tooLarge(text.length);
  const bad = findBinary(text);
  if (bad < 0) return undefined;
  const code = text.charCodeAt(bad);
  const what =
    code === 0xfffd
      ? 'an undecodable byte (U+FFFD)'
      : `control byte 0x${code.toString(16).padStart(2, '0')}`;
  return diagnostic(
    'binary-input',
    'error',
    `binary input: ${what} here; paste text (a command line, an args list or Kubernetes YAML)`,
    loc().range(bad, bad + 1),
  );
}

/** The one diagnostic for an input over the size limit. */
export function tooLarge(length: number): Diagnostic {
  const mb = (length / (1 << 20)).toFixed(1);
  return diagnostic(
    'input-too-large',
    'error',
    `input is ${mb} MB; the limit is 1 MB, so nothing was parsed`,
    EMPTY_RANGE,
  );
}

/** NUL and the other C0 controls except tab, line feed, vertical tab, form feed, carriage return; DEL; U+FFFD. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const BINARY = /[\x00-\x08\x0e-\x1f\x7f\ufffd]/;

function findBinary(text: string): number {
  return text.search(BINARY);
}
