// Compile C fixtures with clang for tests: `compileFixture(path, options)` gives the object's path
// and bytes, or `{ skip }` with a reason when clang is not installed. Objects are cached by a hash
// of the source, the headers it can include from the repo, and the flags, in a per-user temp
// directory, so the many test files of one run compile each fixture once.
//
// A compile failure is not a skip: it throws with clang's full error output.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APT, externalSkip } from './skip';

export type FixturePlatform = 'windows' | 'linux';

export interface CompileOptions {
  /** Defaults to the platform named by the fixture's folder (…/windows/… or …/linux/…), else linux. */
  readonly platform?: FixturePlatform;
  /** -mcpu value (v1, v2, v3; clang 14 has no v4). */
  readonly cpu?: string;
  readonly extraArgs?: readonly string[];
  /** Defaults to -O2. */
  readonly optimization?: string;
}

export interface CompiledFixture {
  readonly objectPath: string;
  readonly bytes: Uint8Array;
  readonly sourcePath: string;
  readonly platform: FixturePlatform;
}

export type CompileResult = CompiledFixture | { readonly skip: string };

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const REPO_INCLUDE = path.join(REPO_ROOT, 'include');
export const FIXTURE_PROGRAMS = path.join(REPO_ROOT, 'test', 'fixtures', 'programs');

const CLANG = process.env.CLANG || 'clang';
let clangProbe: { ok: boolean; reason?: string } | undefined;

/** Undefined when clang can compile BPF here, else the reason it cannot. */
export function clangMissingReason(): string | undefined {
  if (!clangProbe) {
    const r = spawnSync(CLANG, ['--version'], { encoding: 'utf8' });
    clangProbe =
      r.status === 0
        ? { ok: true }
        : { ok: false, reason: externalSkip(CLANG === 'clang' ? 'clang' : `clang (${CLANG})`, APT.clang) };
  }
  return clangProbe.ok ? undefined : clangProbe.reason;
}

/** The multiarch include dir <linux/bpf.h> needs for <asm/types.h> (Debian/Ubuntu layout). */
function linuxArchIncludeDir(): string | undefined {
  for (const dir of ['/usr/include/x86_64-linux-gnu', '/usr/include/aarch64-linux-gnu']) {
    if (fs.existsSync(path.join(dir, 'asm', 'types.h'))) return dir;
  }
  return undefined;
}

export function platformOfFixture(sourcePath: string): FixturePlatform {
  return sourcePath.split(path.sep).includes('windows') ? 'windows' : 'linux';
}

export function compileArgs(
  sourcePath: string,
  objectPath: string,
  platform: FixturePlatform,
  options: CompileOptions = {},
): string[] {
  const args = ['-target', 'bpf', options.optimization ?? '-O2', '-g', '-c'];
  if (platform === 'windows') args.push('-ffreestanding', '-I', REPO_INCLUDE);
  else {
    const arch = linuxArchIncludeDir();
    if (arch) args.push('-I', arch);
  }
  if (options.cpu) args.push(`-mcpu=${options.cpu}`);
  args.push('-fno-color-diagnostics', ...(options.extraArgs ?? []), sourcePath, '-o', objectPath);
  return args;
}

const memo = new Map<string, CompiledFixture>();
let includeHash: string | undefined;

/** Hash of every repo header (they change while the project is developed; system headers do not). */
function repoHeadersHash(): string {
  if (includeHash !== undefined) return includeHash;
  const h = crypto.createHash('sha256');
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.h')) h.update(full).update(fs.readFileSync(full));
    }
  };
  walk(REPO_INCLUDE);
  walk(path.join(FIXTURE_PROGRAMS, 'include'));
  includeHash = h.digest('hex');
  return includeHash;
}

function cacheDir(): string {
  const dir = path.join(os.tmpdir(), `vscode-ebpf-fixtures-${os.userInfo().uid ?? 'u'}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export function compileFixture(sourcePath: string, options: CompileOptions = {}): CompileResult {
  const missing = clangMissingReason();
  if (missing) return { skip: missing };
  const absolute = path.resolve(sourcePath);
  const platform = options.platform ?? platformOfFixture(absolute);
  const source = fs.readFileSync(absolute);
  const key = crypto
    .createHash('sha256')
    .update(absolute)
    .update(source)
    .update(JSON.stringify([platform, options.cpu, options.extraArgs, options.optimization]))
    .update(repoHeadersHash())
    .digest('hex')
    .slice(0, 24);
  const cached = memo.get(key);
  if (cached) return cached;

  const base = path.basename(absolute, path.extname(absolute));
  const objectPath = path.join(cacheDir(), `${base}-${key}.o`);
  if (!fs.existsSync(objectPath)) {
    // Compile to a unique name, then rename: parallel test processes never see half an object.
    const partial = `${objectPath}.${process.pid}.${Date.now()}.tmp`;
    const args = compileArgs(absolute, partial, platform, options);
    const r = spawnSync(CLANG, args, { encoding: 'utf8', cwd: path.dirname(absolute) });
    if (r.status !== 0) {
      fs.rmSync(partial, { force: true });
      throw new Error(
        `clang failed to compile ${path.relative(REPO_ROOT, absolute)} (${platform}):\n$ ${CLANG} ${args.join(' ')}\n${r.stderr || r.error?.message}`,
      );
    }
    fs.renameSync(partial, objectPath);
  }
  const result: CompiledFixture = {
    objectPath,
    bytes: new Uint8Array(fs.readFileSync(objectPath)),
    sourcePath: absolute,
    platform,
  };
  memo.set(key, result);
  return result;
}

/** Every C fixture under test/fixtures/programs/{linux,windows}. */
export function listProgramFixtures(): string[] {
  const out: string[] = [];
  for (const platform of ['linux', 'windows']) {
    const dir = path.join(FIXTURE_PROGRAMS, platform);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).sort()) if (name.endsWith('.c')) out.push(path.join(dir, name));
  }
  return out;
}
