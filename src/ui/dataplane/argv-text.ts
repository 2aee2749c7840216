/**
 * An argv as one POSIX shell command line (what `parseIstioArgs` reads back into the same argv):
 * the CNI plugin's istio-iptables arguments feed the Bookinfo path like typed args.
 *
 * @example
 * joinArgv(['-i', '*', '-x', '']); // "-i '*' -x ''"
 */
export function joinArgv(argv: readonly string[]): string {
  return argv
    .map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`))
    .join(' ');
}
