/**
 * The XDG autostart entry for Linux logins (pure, so it is tested without Electron).
 *
 * Exec follows the Desktop Entry Specification, "The Exec key" (version 1.5):
 *  - every argument is quoted in whole: enclosed in double quotes, with `"`, backtick, `$` and `\`
 *    each preceded by a backslash. Quoting is required whenever an argument has a reserved
 *    character (space, tab, newline, `"`, `'`, `\`, `>`, `<`, `~`, `|`, `&`, `;`, `$`, `*`, `?`,
 *    `#`, `(`, `)`, backtick); always quoting is simpler and just as valid;
 *  - a literal `%` is written `%%` (a single `%` starts a field code);
 *  - the value is then escaped as a string value ("Possible value types"): `\` becomes `\\`,
 *    newline `\n`, tab `\t`, carriage return `\r`. Readers undo that first, so a literal backslash
 *    in a quoted argument ends up as four backslashes in the file;
 *  - the executable's path may not contain `=`: such a path runs through `/bin/sh -c 'exec "$0"'`.
 */

/** One argument, quoted per the Exec rules (before string escaping). */
const quoteArgument = (arg: string): string => `"${arg.replace(/["`$\\]/g, '\\$&')}"`;

/** The string-value escapes every desktop entry reader undoes before the Exec rules apply. */
const escapeStringValue = (value: string): string =>
  value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r');

/** The Exec value that runs `argv` exactly as given. */
export function desktopExec(argv: readonly string[]): string {
  const [program] = argv;
  if (program === undefined) throw new Error('desktopExec needs a program');
  const safeArgv = program.includes('=') ? ['/bin/sh', '-c', 'exec "$0" "$@"', ...argv] : argv;
  return escapeStringValue(safeArgv.map(quoteArgument).join(' ').replace(/%/g, '%%'));
}

export function autostartDesktopEntry(execPath: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Tunetray',
    'Comment=Spotify in your system tray',
    `Exec=${desktopExec([execPath, '--hidden'])}`,
    'Icon=tunetray',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}
