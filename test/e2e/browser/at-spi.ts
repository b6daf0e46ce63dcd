/**
 * What a Linux screen reader (Orca) is told about the window: Chromium's accessibility tree as it
 * exports it over AT-SPI, read with Debian's own AT-SPI client library from Python. A private
 * D-Bus session with the AT-SPI bus and registry is started for the test, and a headed Chromium
 * (on Xvfb: `xvfb-run -a npm test`) joins it with --force-renderer-accessibility.
 *
 * Playwright's aria snapshot and Chromium's DevTools accessibility tree carry names but not
 * positions; AT-SPI carries both (`posinset` / `setsize` object attributes), which is what lets a
 * screen reader say "Folk Drive, 4 of 300".
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM_PATH } from './chromium.ts';

const PYTHON = '/usr/bin/python3';
const BUS_LAUNCHER = '/usr/libexec/at-spi-bus-launcher';
const REGISTRY = '/usr/libexec/at-spi2-registryd';

/** Why the AT-SPI check cannot run here, or null when it can. */
export function atSpiUnavailable(): string | null {
  if (!process.env.DISPLAY) return 'no X display (run the suite under xvfb-run -a)';
  for (const tool of [BUS_LAUNCHER, REGISTRY, PYTHON, CHROMIUM_PATH]) {
    if (!existsSync(tool)) return `${tool} is missing (apt-get install -y at-spi2-core gir1.2-atspi-2.0 python3-gi)`;
  }
  try {
    execFileSync('dbus-daemon', ['--version'], { stdio: 'ignore' });
    execFileSync(PYTHON, ['-c', "import gi; gi.require_version('Atspi', '2.0'); from gi.repository import Atspi"], {
      stdio: 'ignore',
    });
  } catch {
    return 'dbus-daemon or the AT-SPI Python bindings are missing (apt-get install -y dbus gir1.2-atspi-2.0 python3-gi)';
  }
  return null;
}

export interface AccessibilityBus {
  /** The environment that puts a process on this session bus. */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

function readLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const line = text.split('\n')[0];
      if (text.includes('\n') && line) resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`dbus-daemon exited (${code}) before giving its address`)));
  });
}

/** A private session bus with the AT-SPI bus and registry on it, accessibility switched on. */
export async function startAccessibilityBus(): Promise<AccessibilityBus> {
  const children: ChildProcess[] = [];
  const daemon = spawn('dbus-daemon', ['--session', '--nofork', '--print-address'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  children.push(daemon);
  const address = await readLine(daemon);
  const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: address, ACCESSIBILITY_ENABLED: '1', NO_AT_BRIDGE: '0' };
  children.push(spawn(BUS_LAUNCHER, ['--launch-immediately'], { env, stdio: 'ignore' }));
  // Wait for the AT-SPI bus to answer, then say accessibility is on (as a screen reader's start does).
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      execFileSync(
        'dbus-send',
        [
          '--session',
          '--print-reply',
          '--dest=org.a11y.Bus',
          '/org/a11y/bus',
          'org.freedesktop.DBus.Properties.Set',
          'string:org.a11y.Status',
          'string:IsEnabled',
          'variant:boolean:true',
        ],
        { env, stdio: 'ignore' },
      );
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  children.push(spawn(REGISTRY, [], { env, stdio: 'ignore' }));
  await new Promise((resolve) => setTimeout(resolve, 300));
  return {
    env: { DBUS_SESSION_BUS_ADDRESS: address, ACCESSIBILITY_ENABLED: '1' },
    async stop() {
      for (const child of children.reverse()) child.kill('SIGTERM');
    },
  };
}

/** A headed Chromium that exports its accessibility tree on `bus`. */
export function launchAccessibleChromium(bus: AccessibilityBus): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: false,
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--force-renderer-accessibility'],
    env: { ...process.env, ...bus.env },
  });
}

export interface SpokenItem {
  /** The list the item is in, by its accessible name ("Playlists", "Tracks"). */
  list: string;
  name: string;
  posinset: number | null;
  setsize: number | null;
}

// Walks every application on the bus and reports list items with the name of their list.
const WALK = `
import gi, json
gi.require_version('Atspi', '2.0')
from gi.repository import Atspi
found = []
def walk(node, lst, depth):
    if depth > 60: return
    try:
        role = node.get_role_name()
    except Exception:
        return
    if role == 'list box':
        lst = node.get_name() or ''
    if role == 'list item':
        attrs = node.get_attributes() or {}
        found.append({'list': lst, 'name': node.get_name(), 'posinset': attrs.get('posinset'), 'setsize': attrs.get('setsize')})
    for i in range(node.get_child_count()):
        child = node.get_child_at_index(i)
        if child is not None:
            walk(child, lst, depth + 1)
desktop = Atspi.get_desktop(0)
for i in range(desktop.get_child_count()):
    app = desktop.get_child_at_index(i)
    if app is not None:
        walk(app, '', 0)
print(json.dumps(found))
`;

/** The list items a screen reader can reach right now, with their positions. */
export function spokenListItems(bus: AccessibilityBus): SpokenItem[] {
  const out = execFileSync(PYTHON, ['-c', WALK], { env: { ...process.env, ...bus.env }, encoding: 'utf8' });
  const raw = JSON.parse(out) as Array<{ list: string; name: string; posinset?: string; setsize?: string }>;
  return raw.map((item) => ({
    list: item.list,
    name: item.name,
    posinset: item.posinset ? Number(item.posinset) : null,
    setsize: item.setsize ? Number(item.setsize) : null,
  }));
}
