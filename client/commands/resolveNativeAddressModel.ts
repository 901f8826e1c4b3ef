// The logic of "eBPF: Resolve Native Address…" that needs no VS Code: quick-pick items from the
// server's resolutions, and where a resolved C file may be on this machine.
import type { AddressResolution } from '../../common/protocol';

export interface PickItem {
  readonly label: string;
  readonly description: string;
  readonly detail: string;
  /** Index into the results. */
  readonly index: number;
}

function fileName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/** One item per result that has a C location, in order; eBPF ones name program, function and instructions. */
export function pickItems(results: readonly AddressResolution[]): PickItem[] {
  const items: PickItem[] = [];
  results.forEach((r, index) => {
    if (!r.source) return;
    const where = `${fileName(r.source.file)}:${r.source.line}`;
    const frame = r.frame !== undefined ? `#${r.frame} ` : '';
    if (r.program) {
      const fn = r.program.function !== r.program.name ? ` › ${r.program.function}` : '';
      const insns = r.instructions.map((i) => `${i.pc}: ${i.text}`).join('  ·  ');
      items.push({
        label: `$(symbol-function) ${frame}${r.program.section}/${r.program.name}${fn}`,
        description: where,
        detail: insns || (r.message ?? ''),
        index,
      });
      return;
    }
    items.push({
      label: `$(symbol-misc) ${frame}${r.native[0]?.function ?? r.input}`,
      description: where,
      detail: r.message ?? '',
      index,
    });
  });
  return items;
}

/**
 * Paths to try for a C file named by debug information: the path itself, and the active eBPF
 * document when its file name is the same (a driver's PDB names the build machine's path).
 */
export function sourceCandidates(file: string, activeSourcePath: string | undefined): string[] {
  const out = [file];
  if (activeSourcePath && fileName(activeSourcePath).toLowerCase() === fileName(file).toLowerCase())
    out.push(activeSourcePath);
  return out;
}
