// Types of scripts/probe-linux-unprivileged.mjs for the tests that judge unprivileged loads.
import type { ProbeResult } from './probe-linux-helpers.mjs';
export declare const OUTPUT: string;
export declare function asNobody(command: string, args: readonly string[]): [string, string[]];
export declare function unprivilegedProbeMissing(): string | undefined;
export declare function enableUnprivilegedBpf(): () => void;
export declare function withUnprivilegedBpf<T>(f: () => T): T;
export declare function probeUnprivileged(maxHelperId: number): { kernel: string; results: ProbeResult[] };
export declare function moduleText(probe: { kernel: string; results: ProbeResult[] }, maxHelperId: number): string;
