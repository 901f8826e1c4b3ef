// Where the project's external test material lives: the `shared/` folder beside the repository
// (conformance suite, verifier oracles, speed anchors, reference notes) in development and CI.
// Tests and benchmarks only: the product never looks here.
import fs from 'node:fs';
import path from 'node:path';
import { externalSkip } from './skip';

const repoRoot = path.resolve(__dirname, '../..');

/** `$EBPF_SHARED_DIR`, else `../shared` beside the repository; undefined when neither exists. */
export function sharedDir(): string | undefined {
  const candidates = [process.env.EBPF_SHARED_DIR, path.resolve(repoRoot, '../shared')];
  return candidates.find((c): c is string => typeof c === 'string' && c !== '' && fs.existsSync(c));
}

/** A path inside shared/ when it exists there, e.g. `sharedPath('oracles/prevail-windows')`. */
export function sharedPath(relative: string): string | undefined {
  const dir = sharedDir();
  if (!dir) return undefined;
  const full = path.join(dir, relative);
  return fs.existsSync(full) ? full : undefined;
}

/** The one line a test prints when it skips for want of shared material. */
export function missingSharedReason(relative: string): string {
  return externalSkip(
    `shared/${relative}`,
    "place the project's shared/ folder beside the repository or set EBPF_SHARED_DIR",
  );
}
