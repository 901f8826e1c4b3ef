// Access to the shared conformance suite (../shared/conformance): each case's program and memory
// as assembled by the suite's own assembler, and the expected r0.
import fs from 'node:fs';
import path from 'node:path';
import { sharedPath } from './shared';

export interface ConformanceCase {
  readonly name: string;
  readonly program: string;
  readonly memory: string;
  readonly result: string | null;
  readonly error: string | null;
  readonly cpu_version_needed: number;
  readonly groups: readonly string[];
}

/** The suite lives beside the repository (../shared/conformance) in development and in CI. */
export function conformanceDir(): string | undefined {
  const candidates = [process.env.EBPF_CONFORMANCE_DIR, sharedPath('conformance')].filter(
    (c): c is string => typeof c === 'string',
  );
  return candidates.find((c) => fs.existsSync(path.join(c, 'assembled.json')));
}

export function loadConformanceCases(): ConformanceCase[] {
  const dir = conformanceDir();
  if (!dir)
    throw new Error(
      'conformance suite not found: expected ../shared/conformance beside the repository (or set EBPF_CONFORMANCE_DIR)',
    );
  return JSON.parse(fs.readFileSync(path.join(dir, 'assembled.json'), 'utf8')) as ConformanceCase[];
}
