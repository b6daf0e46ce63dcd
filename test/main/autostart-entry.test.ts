/**
 * The Linux autostart entry for awkward install paths (an AppImage in "Downloads/O'Brien's apps").
 * Each entry is checked twice: by desktop-file-validate (Debian's desktop-file-utils), and by a
 * small reader written here from the Desktop Entry Specification ("Possible value types" and
 * "The Exec key"), which must give back exactly the path that was written.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { autostartDesktopEntry } from '../../main/autostart-entry.ts';

const NASTY_PATHS = [
  '/opt/Tunetray/tunetray',
  "/home/o'brien/Apps/Tunetray.AppImage",
  '/home/listener/My Apps/Tunetray.AppImage',
  '/home/listener/$HOME/Tunetray.AppImage',
  '/home/listener/back\\slash/Tunetray.AppImage',
  '/home/listener/100%/%f %u/Tunetray.AppImage',
  '/home/listener/"quoted"/Tunetray.AppImage',
  '/home/listener/`id`/Tunetray.AppImage',
  '/home/listener/a;b/Tunetray.AppImage',
  '/home/listener/rock&roll/Tunetray.AppImage',
  '/home/listener/tab\there/new\nline/Tunetray.AppImage',
  '/home/listener/~(*?#<>|)/Tunetray.AppImage',
  '/home/o\'brien/$ \\ % " ` ; & all/Tunetray.AppImage',
];

/** The Exec value of an entry, as a reader finds it: after "Exec=" on its own line. */
function execValue(entry: string): string {
  const line = entry.split('\n').find((l) => l.startsWith('Exec='));
  if (!line) throw new Error('no Exec line');
  return line.slice('Exec='.length);
}

/** "Possible value types": the escapes of a string value, undone first. */
function unescapeString(value: string): string {
  return value.replace(/\\(.)/gs, (_, c: string) => {
    const map: Record<string, string> = { s: ' ', n: '\n', t: '\t', r: '\r', '\\': '\\' };
    const out = map[c];
    if (out === undefined) throw new Error(`undefined string escape \\${c}`);
    return out;
  });
}

/**
 * "The Exec key": split into arguments, undoing quoting (inside double quotes, a backslash escapes
 * `"`, backtick, `$` and `\` only), and expand field codes (`%%` is a literal %; this entry uses no
 * other code, so any other is an error). Unquoted arguments may not hold reserved characters.
 */
function parseExec(value: string): string[] {
  const line = unescapeString(value);
  const args: string[] = [];
  let i = 0;
  while (i < line.length) {
    if (line[i] === ' ') {
      i++;
      continue;
    }
    let arg = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        const c = line[i];
        if (c === undefined) throw new Error('unterminated quote');
        i++;
        if (c === '"') break;
        if (c === '\\') {
          const next = line[i];
          if (next === undefined || !'"`$\\'.includes(next)) throw new Error(`bad escape in quotes: \\${next}`);
          arg += next;
          i++;
        } else arg += c;
      }
      if (line[i] !== undefined && line[i] !== ' ') throw new Error('text right after a closing quote');
    } else {
      while (i < line.length && line[i] !== ' ') {
        const c = line[i] as string;
        if (/[\t\n"'\\><~|&;$*?#()`]/.test(c))
          throw new Error(`reserved character ${JSON.stringify(c)} outside quotes`);
        arg += c;
        i++;
      }
    }
    args.push(expandFieldCodes(arg));
  }
  return args;
}

function expandFieldCodes(arg: string): string {
  return arg.replace(/%(.)/gs, (_, c: string) => {
    if (c !== '%') throw new Error(`unexpected field code %${c}`);
    return '%';
  });
}

/** What the entry runs: the program and its arguments, seen through a `/bin/sh -c 'exec "$0" "$@"'` wrapper. */
function launched(argv: string[]): string[] {
  if (argv[0] === '/bin/sh' && argv[1] === '-c' && argv[2] === 'exec "$0" "$@"') return argv.slice(3);
  return argv;
}

const hasValidator = spawnSync('desktop-file-validate', ['--help'], { stdio: 'ignore' }).status === 0;

describe('Linux autostart entry', () => {
  test.each(NASTY_PATHS)('Exec gives back %j exactly, started hidden', (path) => {
    expect(launched(parseExec(execValue(autostartDesktopEntry(path))))).toEqual([path, '--hidden']);
  });

  test('a path with "=" (not allowed in the program name) runs through /bin/sh and still round-trips', () => {
    const path = '/home/listener/a=b/Tunetray.AppImage';
    const argv = parseExec(execValue(autostartDesktopEntry(path)));
    expect(argv[0]).toBe('/bin/sh');
    expect(launched(argv)).toEqual([path, '--hidden']);
    // And the shell really runs "$0" with the arguments: check with a harmless stand-in program.
    const out = execFileSync(argv[0] as string, [...argv.slice(1, 3), '/bin/echo', 'ran', 'with args'], {
      encoding: 'utf8',
    });
    expect(out).toBe('ran with args\n');
  });

  test('desktop-file-validate accepts every entry', (context) => {
    if (!hasValidator) {
      console.warn('skipped: desktop-file-validate is not installed (apt-get install -y desktop-file-utils)');
      context.skip();
    }
    const dir = mkdtempSync(join(tmpdir(), 'tunetray-autostart-'));
    for (const [index, path] of [...NASTY_PATHS, '/home/listener/a=b/Tunetray.AppImage'].entries()) {
      const file = join(dir, `tunetray-${index}.desktop`);
      writeFileSync(file, autostartDesktopEntry(path));
      const result = spawnSync('desktop-file-validate', [file], { encoding: 'utf8' });
      expect({ path, status: result.status, output: `${result.stdout}${result.stderr}` }).toEqual({
        path,
        status: 0,
        output: '',
      });
    }
  });
});
