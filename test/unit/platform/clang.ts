// Shared by the platform tests: find clang and compile a C snippet into a temp dir.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APT, externalSkip } from '../../support/skip';

export const repoRoot = path.resolve(__dirname, '../../..');
export const includeDir = path.join(repoRoot, 'include');
export const examplesDir = path.join(repoRoot, 'examples');
export const linuxIncludeFlags = ['-I/usr/include/x86_64-linux-gnu'];
export const windowsFlags = ['-ffreestanding', '-I', includeDir];

/** Why clang cannot be used here, or undefined when it can. */
export function clangMissing(): string | undefined {
  const r = spawnSync('clang', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return externalSkip('clang', APT.clang);
  return undefined;
}

export interface CompileResult {
  ok: boolean;
  stderr: string;
  object: string;
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-platform-test-'));
}

/** Compiles a C file (path or inline source) for the BPF target. */
export function compile(
  source: { file?: string; text?: string },
  flags: readonly string[],
  dir = tempDir(),
): CompileResult {
  let file = source.file;
  if (!file) {
    file = path.join(dir, 'snippet.c');
    fs.writeFileSync(file, source.text ?? '');
  }
  const object = path.join(dir, `${path.basename(file, '.c')}.o`);
  const r = spawnSync('clang', ['-target', 'bpf', '-O2', '-g', '-Wall', ...flags, '-c', file, '-o', object], {
    encoding: 'utf8',
  });
  return { ok: r.status === 0, stderr: r.stderr ?? String(r.error), object };
}
