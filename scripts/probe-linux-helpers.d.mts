// Types of scripts/probe-linux-helpers.mjs for the test that compares the profile with the kernel.
export interface ProbeTarget {
  readonly key: string;
  readonly type: string;
  readonly progType: number;
  readonly attach: number;
  readonly btf?: string;
  readonly flags?: number;
}
export type ProbeResult =
  | {
      readonly key: string;
      readonly type: string;
      readonly progType: number;
      readonly attach: number;
      readonly loads: true;
      readonly available: readonly number[];
      readonly refused: Readonly<Record<string, string>>;
    }
  | {
      readonly key: string;
      readonly type: string;
      readonly progType: number;
      readonly attach: number;
      readonly loads: false;
      readonly errno: number;
      readonly error: string;
      readonly log: string;
    };
export declare const OUTPUT: string;
export declare const TARGETS: readonly ProbeTarget[];
export declare const NOT_PROBED: Readonly<Record<string, string>>;
export declare function hostCompiler(): string | undefined;
export declare function generatedMaxId(): number;
export declare function probeHelpers(
  maxHelperId: number,
  wrap?: (command: string, args: readonly string[]) => [string, string[]],
): { kernel: string; results: ProbeResult[] };
export declare function probeRows(probe: { kernel: string; results: ProbeResult[] }): unknown[];
export declare function moduleText(probe: { kernel: string; results: ProbeResult[] }, maxHelperId: number): string;
