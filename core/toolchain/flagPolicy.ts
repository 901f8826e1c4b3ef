// Which clang flags from workspace content (settings, compile_commands.json, launch.json) may
// reach clang. clang's driver can load shared objects (-fplugin, -Xclang -load, -Wp,-load), pick
// other programs (-B, --config), read more arguments from files (@file) and write files anywhere
// (-MF, -o, -Wp,-MD,...), so opening a folder must not hand it arbitrary arguments. This is an
// allow-list: flags known to only change how the one input is compiled pass; everything else is
// refused and named, so the user sees what was dropped and why. Pure.

import path from 'node:path';

export interface RefusedFlag {
  /** The argument as written (with its value when the value was a separate argument). */
  readonly flag: string;
  /** Where it came from: `ebpf.clang.extraArgs`, `compile_commands.json (path)`, ... */
  readonly origin: string;
  /** Why, in words a user can act on. */
  readonly reason: string;
}

export interface ScreenedFlags {
  readonly kept: readonly string[];
  readonly refused: readonly RefusedFlag[];
}

export interface FlagScreenOptions {
  /** Named in refusal messages. */
  readonly origin: string;
  /** Folders `-include` may read from (the workspace). None: every `-include` is refused. */
  readonly workspaceRoots: readonly string[];
  /** Relative paths of -I/-include are made absolute against this folder (a compile command's directory). */
  readonly baseDir?: string;
  /** path.posix or path.win32: the host's rules for the paths above (tests use both). */
  readonly pathApi?: path.PlatformPath;
}

/** Flags whose value is a folder to search for headers: reading headers is what compiling does. */
const INCLUDE_DIR_FLAGS = ['-isystem', '-iquote', '-idirafter', '-I'];
/** Flags whose value names a macro. */
const MACRO_FLAGS = ['-D', '-U'];
/** `-include FILE` reads FILE as if included first: allowed for files inside the workspace only. */
const INCLUDE_FILE_FLAG = '-include';

/** Single-word flags that only change language, warnings or code generation of this compile. */
const SAFE_EXACT = new Set([
  '-w',
  '-pedantic',
  '-pedantic-errors',
  '-ansi',
  '-nostdinc',
  '-nostdlibinc',
  '-nobuiltininc',
  // Output format of the one object we ask for with -o (the loader then reports what it got).
  '-emit-llvm',
  // BPF backend: byte order and the 32-bit sub-registers, as in the kernel's selftests.
  '-mlittle-endian',
  '-mbig-endian',
  '-malu32',
  // -f flags that change the C dialect or code generation only (no file, no plugin, no program).
  '-ffreestanding',
  '-fno-builtin',
  '-fno-stack-protector',
  '-fno-asynchronous-unwind-tables',
  '-fno-unwind-tables',
  '-fno-jump-tables',
  '-fcommon',
  '-fno-common',
  '-fsigned-char',
  '-funsigned-char',
  '-fshort-enums',
  '-fno-short-enums',
  '-fms-extensions',
  '-fno-ms-extensions',
  '-fdeclspec',
  '-fgnu89-inline',
  '-fstrict-aliasing',
  '-fno-strict-aliasing',
  '-fwrapv',
  '-fno-wrapv',
  '-finline-functions',
  '-fno-inline',
  '-fno-inline-functions',
  '-funroll-loops',
  '-fno-unroll-loops',
  '-fomit-frame-pointer',
  '-fno-omit-frame-pointer',
  '-fno-delete-null-pointer-checks',
  '-fdiagnostics-show-option',
  '-fno-diagnostics-show-option',
]);

/** Flags with a value in the same argument that cannot name a file or a program. */
const SAFE_PATTERNS: readonly RegExp[] = [
  /^-std=[\w+.-]+$/,
  // Named warnings: -Wall, -Wno-unused, -Werror=format, -Wframe-larger-than=512. A comma would
  // make it -Wp,/-Wa,/-Wl, (arguments for other tools), so names never contain one.
  /^-W(?:no-)?[A-Za-z][\w+.=-]*$/,
  /^-O(?:[0-3sgz])?$/,
  /^-g(?:[0-3]|dwarf(?:-[2-5])?|btf|line-tables-only|no-column-info|column-info)?$/,
  // BPF instruction set versions (v4 needs clang 18+).
  /^-mcpu=(?:v[1-4]|generic)$/,
  /^--target=bpf(?:el|eb)?$/,
  /^-fno-builtin-\w+$/,
  /^-f(?:macro-backtrace-limit|error-limit|max-errors)=\d+$/,
];

/** Known dangerous families, for a precise reason. Checked before the allow-list. */
const DANGEROUS: readonly [RegExp, string][] = [
  [/^-f(?:pass-)?plugin(?:-arg-[^=]*)?(?:=|$)/, 'it loads a shared object into clang'],
  [/^-(?:load|plugin)$/, 'it loads a shared object into clang'],
  [
    /^-(?:Xclang|Xpreprocessor|Xassembler|Xlinker|Xanalyzer|mllvm)$/,
    "it passes arguments past clang's driver checks (it can load code)",
  ],
  [/^-W[pal],/, 'it passes arguments to the preprocessor, assembler or linker (it can load code or write files)'],
  [/^-B|^--prefix|^-ccc-|^--gcc-toolchain|^--gcc-install-dir/, 'it makes clang run programs from another folder'],
  [/^--config|^--no-default-config/, 'it reads clang arguments from a configuration file'],
  [/^@/, 'it reads clang arguments from a file'],
  [/^-M/, 'it writes a dependency file'],
  [/^-o$|^-o.|^--output/, 'it changes the output file'],
  [
    /^-save-temps|^-ftime-trace|^-fcrash-diagnostics|^-fsave-optimization-record|^-fproc-stat-report|^-fmodules|^-fprofile|^-foptimization-record/,
    'it writes files',
  ],
  [/^-(?:imacros|include-pch|fmodule-file|fmodule-map-file)/, 'it reads a file named outside the source'],
];

const RESPONSE_FILE = 'clang would read more arguments from that file (@file)';
const NOT_LISTED = 'it is not on the list of flags known to be safe (see docs/security.md)';

function inside(file: string, roots: readonly string[], p: path.PlatformPath): boolean {
  const norm = (s: string) => (p === path.win32 ? p.normalize(s).toLowerCase() : p.normalize(s));
  const f = norm(file);
  return roots.some((r) => {
    const root = norm(r).replace(/[\\/]+$/, '');
    return f === root || f.startsWith(root + p.sep);
  });
}

/**
 * Splits `argv` into the flags that may reach clang and the refused ones. Flags taking a separate
 * value (`-I dir`, `-D X`, `-include f`, `-target bpf`) consume it, as clang's driver would, and
 * are passed on joined (`-Idir`): clang expands `@file` in every argument, values included, so a
 * separate value `@args.rsp` would smuggle in arguments; a value starting with `@` is refused.
 */
export function screenClangFlags(argv: readonly string[], options: FlagScreenOptions): ScreenedFlags {
  const p = options.pathApi ?? path;
  const absolute = (v: string) => (options.baseDir && !p.isAbsolute(v) ? p.join(options.baseDir, v) : v);
  const kept: string[] = [];
  const refused: RefusedFlag[] = [];
  const refuse = (flag: string, reason: string) => refused.push({ flag, origin: options.origin, reason });

  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === undefined) break;
    // Flags taking a value, joined (-Idir) or separate (-I dir).
    const takeValue = (flag: string): string | undefined => (a === flag ? argv[++i] : a.slice(flag.length));

    if (a === INCLUDE_FILE_FLAG || (a.startsWith(INCLUDE_FILE_FLAG) && !a.startsWith('-include-'))) {
      const value = takeValue(INCLUDE_FILE_FLAG);
      if (value === undefined || value === '') refuse(a, '-include needs a file');
      else if (value.startsWith('@')) refuse(`${INCLUDE_FILE_FLAG} ${value}`, RESPONSE_FILE);
      else if (!inside(absolute(value), options.workspaceRoots, p))
        refuse(`${INCLUDE_FILE_FLAG} ${value}`, 'it reads a file outside the workspace');
      else kept.push(INCLUDE_FILE_FLAG + absolute(value));
      continue;
    }
    const dirFlag = INCLUDE_DIR_FLAGS.find((f) => a === f || (a.startsWith(f) && !/^-isystem-/.test(a)));
    if (dirFlag) {
      const value = takeValue(dirFlag);
      if (value === undefined || value === '') refuse(a, `${dirFlag} needs a folder`);
      else if (value.startsWith('@')) refuse(`${dirFlag} ${value}`, RESPONSE_FILE);
      else kept.push(dirFlag + absolute(value));
      continue;
    }
    const macroFlag = MACRO_FLAGS.find((f) => a.startsWith(f));
    if (macroFlag) {
      const value = takeValue(macroFlag);
      if (value === undefined || value === '') refuse(a, `${macroFlag} needs a macro name`);
      else kept.push(macroFlag + value);
      continue;
    }
    if (a === '-target') {
      const value = argv[++i];
      if (value !== undefined && /^bpf(?:el|eb)?$/.test(value)) kept.push(a, value);
      else refuse(`${a} ${value ?? ''}`.trim(), 'eBPF programs are compiled for the bpf target only');
      continue;
    }
    const danger = DANGEROUS.find(([re]) => re.test(a));
    if (danger) {
      refuse(a, danger[1]);
      continue;
    }
    if (SAFE_EXACT.has(a) || SAFE_PATTERNS.some((re) => re.test(a))) {
      kept.push(a);
      continue;
    }
    refuse(a, a.startsWith('-') ? NOT_LISTED : 'it is an extra input file');
  }
  return { kept, refused };
}

/** One line per refused flag, for an output channel or a debug console. */
export function describeRefused(r: RefusedFlag): string {
  return `refused clang flag "${r.flag}" from ${r.origin}: ${r.reason}`;
}
