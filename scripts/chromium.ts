import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const HOW_TO_GET_ONE =
  'No Chromium found: set CHROMIUM_PATH to a Chromium or Chrome-for-Testing binary, or install one (on Debian: sudo apt-get install chromium).';

const onPath = (name: string): string | null => {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() ? found.stdout.trim() : null;
};

/**
 * A Chromium to drive: CHROMIUM_PATH, else one on the PATH, else (Debian, as root) Debian's
 * `chromium` package is installed. Branded Chrome 137+ ignores --load-extension, so prefer Chromium.
 */
export function findChromium(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, which does not exist. ${HOW_TO_GET_ONE}`);
    return fromEnv;
  }
  const found = ['/usr/bin/chromium'].find((p) => existsSync(p)) ?? onPath('chromium') ?? onPath('chromium-browser');
  if (found) return found;
  if (process.getuid?.() === 0 && onPath('apt-get')) {
    console.log('Installing Debian’s chromium package (one time)…');
    execFileSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium'], {
      stdio: 'inherit',
    });
    if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  }
  throw new Error(HOW_TO_GET_ONE);
}

/** Flags for a closed network: no background traffic of Chromium's own, replicas at real host names. */
export function chromiumArgs(extensionDir: string | null, hostRules: string): string[] {
  return [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    '--disable-features=Translate,MediaRouter,OptimizationHints',
    `--host-resolver-rules=${hostRules}`,
    '--ignore-certificate-errors',
    ...(extensionDir ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : ['--disable-extensions']),
  ];
}
