// The kd command line and the commands the kernel-debug session sends, as pure functions (tested
// on their text): the source-line breakpoint syntax is `bu<ID> \`module!file.c:line\``, a deferred
// breakpoint that binds when the driver loads; stepping is by source line with `l+t` (p, t, gu)
// and by machine instruction with `l-t`.

import type { ToolchainHost } from '../../core/toolchain/locate';
import { envVar, pathFromFileUri, resolveExecutable } from '../../core/toolchain/locate';

export interface KdStart {
  /** kd's -k argument: `net:port=50000,key=1.2.3.4` (network), `com:port=com1,baud=115200`, ... */
  readonly connection: string;
}

/** kd's arguments: connect, break in at once (-b) so breakpoints can be set, source lines on. */
export function kdArguments(start: KdStart): string[] {
  return ['-k', start.connection, '-b', '-lines'];
}

/** After the first prompt: symbols of the driver (its PDB's folder), the C sources, source-line stepping. */
export function setupCommands(pdbFolder: string, sourceFolders: readonly string[]): string[] {
  return [
    `.sympath+ ${pdbFolder}`,
    ...(sourceFolders.length > 0 ? [`.srcpath+ ${sourceFolders.join(';')}`] : []),
    '.lines -e',
    'l+t',
    '.reload',
  ];
}

/** The driver's module name as kd uses it: the file name without folders and `.sys`. */
export function driverModule(driverPath: string): string {
  const base = driverPath.split(/[\\/]/).pop() ?? driverPath;
  return base.replace(/\.sys$/i, '');
}

/** A deferred source-line breakpoint with our id (ids are decimal, kd reads `bu12` as id 12). */
export function breakpointCommand(id: number, module: string, file: string, line: number): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  return `bu${id} \`${module}!${name}:${line}\``;
}

export function clearBreakpointsCommand(ids: readonly number[]): string | undefined {
  return ids.length > 0 ? `bc ${ids.join(' ')}` : undefined;
}

export type StepKind = 'next' | 'stepIn' | 'stepOut';

/** The commands for one step; instruction granularity leaves source mode for that one step. */
export function stepCommands(kind: StepKind, granularity: 'line' | 'instruction'): string[] {
  const cmd = kind === 'next' ? 'p' : kind === 'stepIn' ? 't' : 'gu';
  return granularity === 'instruction' && kind !== 'stepOut' ? ['l-t', cmd, 'l+t'] : [cmd];
}

/** Select a frame (kd numbers them in hex) before reading its locals. */
export function frameCommand(frame: number): string {
  return `.frame 0x${frame.toString(16)}`;
}

export const STACK_COMMAND = 'kn';
export const LOCALS_COMMAND = 'dv';
/** Detach and leave the target running, after removing our breakpoints. */
export const DETACH_COMMANDS = ['bc *', 'qd'] as const;

/** Where Debugging Tools for Windows puts kd.exe. */
export function kdCandidates(host: ToolchainHost): string[] {
  const out: string[] = [];
  for (const v of ['ProgramFiles(x86)', 'ProgramFiles']) {
    const base = envVar(host, v);
    if (base) out.push(host.path.join(base, 'Windows Kits', '10', 'Debuggers', 'x64', 'kd.exe'));
  }
  return [...new Set(out)];
}

/** What to install and configure, as one message (the launch's error everywhere kd cannot run). */
export function kdSetupAdvice(): string {
  return (
    'Install the Debugging Tools for Windows (the "Debugging Tools for Windows" feature of the Windows SDK installer, or the WDK) on the Windows host, which puts kd.exe in ' +
    'C:\\Program Files (x86)\\Windows Kits\\10\\Debuggers\\x64, or set ebpf.windows.kdPath (a trusted-workspace setting). ' +
    'On the target machine, as administrator: `bcdedit /set testsigning on` (the driver built by Convert-BpfToNative is test-signed), ' +
    "`bcdedit /debug on` and `bcdedit /dbgsettings net hostip:<this host's IP> port:50000 key:<w.x.y.z>`, then reboot; " +
    'set "kernelDebug.connection" to "net:port=50000,key=<w.x.y.z>". See docs/native-debugging-windows.md.'
  );
}

export type KdLocation =
  { readonly kind: 'found'; readonly path: string } | { readonly kind: 'missing'; readonly message: string };

/** kd.exe: the setting (authoritative), else PATH, else the Debugging Tools folder; Windows only. */
export function locateKd(host: ToolchainHost, configuredPath: string | undefined): KdLocation {
  if (host.platform !== 'win32')
    return {
      kind: 'missing',
      message: `Windows kernel debugging runs kd.exe, which exists only on Windows; this is ${host.platform}. ${kdSetupAdvice()}`,
    };
  const configured = configuredPath?.trim();
  if (configured) {
    const found = resolveExecutable(host, pathFromFileUri(configured, host));
    if (found) return { kind: 'found', path: found };
    return {
      kind: 'missing',
      message: `kd.exe was not found at ebpf.windows.kdPath = "${configured}". ${kdSetupAdvice()}`,
    };
  }
  const onPath = resolveExecutable(host, 'kd');
  if (onPath) return { kind: 'found', path: onPath };
  const candidates = kdCandidates(host);
  const found = candidates.find((c) => host.isExecutable(c));
  if (found) return { kind: 'found', path: found };
  return {
    kind: 'missing',
    message: `kd.exe was not found (looked on PATH and in ${candidates.join(', ') || 'the Windows Kits folder'}). ${kdSetupAdvice()}`,
  };
}
