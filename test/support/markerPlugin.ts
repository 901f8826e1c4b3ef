// A shared object whose constructor appends a line to a marker file: if clang ever loads it (as a
// plugin, through -Xclang -load, -Wp,-load, ...), the marker appears. Built with gcc per test run.
// `{ skip }` names what is missing (gcc, or a host without ELF shared objects).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface MarkerPlugin {
  /** The .so to hand to clang. */
  readonly sharedObject: string;
  /** Appears (with one line per load) when the constructor ran. */
  readonly marker: string;
  readonly dir: string;
  loaded(): boolean;
  reset(): void;
}

export function buildMarkerPlugin(): MarkerPlugin | { readonly skip: string } {
  if (process.platform === 'win32') return { skip: 'marker plug-in: needs an ELF host (gcc -shared)' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-hostile-'));
  const marker = path.join(dir, 'MARKER');
  const source = path.join(dir, 'marker.c');
  const sharedObject = path.join(dir, 'marker.so');
  fs.writeFileSync(
    source,
    `#include <stdio.h>
__attribute__((constructor)) static void mark(void) {
  FILE *f = fopen(${JSON.stringify(marker)}, "a");
  if (f) { fputs("constructor ran\\n", f); fclose(f); }
}
`,
  );
  const r = spawnSync('gcc', ['-shared', '-fPIC', '-o', sharedObject, source], { encoding: 'utf8' });
  if (r.status !== 0)
    return { skip: `marker plug-in: gcc could not build it (${r.error?.message ?? r.stderr.trim()})` };
  return {
    sharedObject,
    marker,
    dir,
    loaded: () => fs.existsSync(marker),
    reset: () => fs.rmSync(marker, { force: true }),
  };
}
