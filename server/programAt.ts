// Which analysed program a source line belongs to, and which instructions came from it.

import path from 'node:path';
import type { PlatformProfile, ProgramType } from '../core/platform/types';
import type { Analysis, AnalysedProgram } from './analysis';
import { programLine } from './diagnostics';

function inFile(analysis: Analysis, file: string): boolean {
  return path.isAbsolute(file)
    ? path.resolve(file) === path.resolve(analysis.filePath)
    : path.basename(file) === path.basename(analysis.filePath);
}

/** pcs whose line info points at 0-based `line0` of the document, per program. */
export function pcsOnLine(analysis: Analysis, p: AnalysedProgram, line0: number): number[] {
  return p.program.lineTable
    .filter((e) => e.location.line - 1 === line0 && inFile(analysis, e.location.file))
    .map((e) => e.pc);
}

/** The program whose code covers the line, else the one whose SEC(...) is nearest above it. */
export function programAtLine(analysis: Analysis, line0: number): AnalysedProgram | undefined {
  const covering = analysis.programs.find((p) => pcsOnLine(analysis, p, line0).length > 0);
  if (covering) return covering;
  let best: AnalysedProgram | undefined;
  let bestLine = -1;
  for (const p of analysis.programs) {
    const l = programLine(analysis, p);
    if (l <= line0 && l > bestLine) {
      best = p;
      bestLine = l;
    }
  }
  return best;
}

/**
 * The program type for a line when no object is available (the file does not compile yet):
 * the nearest `SEC("...")` above the line, resolved through the profile.
 */
export function programTypeFromText(text: string, line0: number, profile: PlatformProfile): ProgramType | undefined {
  const lines = text.split('\n');
  for (let l = Math.min(line0, lines.length - 1); l >= 0; l--) {
    const section = /\bSEC\s*\(\s*"([^"]+)"\s*\)/.exec(lines[l] ?? '')?.[1];
    if (section !== undefined && section !== '.maps' && section !== 'license' && section !== 'maps')
      return profile.programTypeForSection(section);
  }
  return undefined;
}
