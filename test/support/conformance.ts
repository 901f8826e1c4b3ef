// Access to the shared conformance suite (shared/conformance, the bpf_conformance cases): each
// case's program and memory as assembled by the suite's own assembler, and the expected r0.
import fs from 'node:fs';
import path from 'node:path';
import { sharedPath } from './shared';
import { externalSkip } from './skip';

export interface ConformanceCase {
  readonly name: string;
  readonly program: string;
  readonly memory: string;
  readonly result: string | null;
  readonly error: string | null;
  readonly cpu_version_needed: number;
  readonly groups: readonly string[];
}

/** `$EBPF_CONFORMANCE_DIR`, else shared/conformance (see test/support/shared.ts). */
export function conformanceDir(): string | undefined {
  const candidates = [process.env.EBPF_CONFORMANCE_DIR, sharedPath('conformance')].filter(
    (c): c is string => typeof c === 'string' && c !== '',
  );
  return candidates.find((c) => fs.existsSync(path.join(c, 'assembled.json')));
}

/** The cases, or the skip reason naming what is missing and how to get it. */
export function loadConformanceCases(): { readonly cases: ConformanceCase[] } | { readonly skip: string } {
  const dir = conformanceDir();
  if (!dir)
    return {
      skip: externalSkip(
        'shared/conformance (the bpf_conformance suite)',
        "place the project's shared/ folder beside the repository, or set EBPF_SHARED_DIR or EBPF_CONFORMANCE_DIR",
      ),
    };
  return { cases: JSON.parse(fs.readFileSync(path.join(dir, 'assembled.json'), 'utf8')) as ConformanceCase[] };
}
