// The Windows build route for "Convert to Native": find an eBPF for Windows package (a setting,
// else the documented NuGet layout under the workspace's packages/ folder) and a Visual Studio
// developer environment, then build Convert-BpfToNative.ps1's command line. Pure: the file
// system, environment and platform come in as probes, so tests inject them.

export interface Probes {
  readonly platform: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  exists(path: string): boolean;
  /** Directory entries (names only), [] when unreadable. */
  list(path: string): string[];
}

export interface WindowsRouteInput {
  /** `ebpf.windows.packagePath` setting: the package root (holding build\native\bin) or its bin. */
  readonly packageSetting?: string;
  readonly workspaceFolders: readonly string[];
}

export type WindowsRoute =
  | { readonly ok: true; readonly script: string; readonly binDir: string; readonly includeDir: string }
  | { readonly ok: false; readonly missing: readonly string[] };

const join = (...parts: string[]) => parts.join('\\').replace(/\\\\+/g, '\\');

/** Candidate package roots: the setting, then packages\eBPF-for-Windows*\ in each workspace folder. */
function packageRoots(input: WindowsRouteInput, probes: Probes): string[] {
  const out: string[] = [];
  if (input.packageSetting) {
    const s = input.packageSetting.replace(/[\\/]+$/, '');
    out.push(/[\\/]bin$/i.test(s) ? s.replace(/[\\/]build[\\/]native[\\/]bin$/i, '').replace(/[\\/]bin$/i, '') : s);
  }
  for (const folder of input.workspaceFolders) {
    const packages = join(folder, 'packages');
    for (const name of probes.list(packages)) if (/^ebpf-for-windows/i.test(name)) out.push(join(packages, name));
  }
  return out;
}

/** The package's bin and include folders when its documented layout is there. */
function layoutOf(root: string, probes: Probes): { binDir: string; includeDir: string } | undefined {
  for (const bin of [join(root, 'build', 'native', 'bin'), join(root, 'bin')]) {
    if (!probes.exists(join(bin, 'Convert-BpfToNative.ps1'))) continue;
    const includeDir = bin.replace(/bin$/i, 'include');
    return { binDir: bin, includeDir };
  }
  return undefined;
}

/** Whether this is a Visual Studio developer environment (msbuild reachable). */
export function hasDeveloperEnvironment(probes: Probes): boolean {
  return Boolean(probes.env.VSINSTALLDIR && probes.env.VCToolsInstallDir) || Boolean(probes.env.VSCMD_VER);
}

export function detectWindowsRoute(input: WindowsRouteInput, probes: Probes): WindowsRoute {
  const missing: string[] = [];
  if (probes.platform !== 'win32')
    missing.push(`a Windows machine (this is ${probes.platform}); the .sys build needs the WDK and msbuild`);
  const roots = packageRoots(input, probes);
  const layout = roots.map((r) => layoutOf(r, probes)).find((l) => l !== undefined);
  if (!layout)
    missing.push(
      roots.length
        ? `Convert-BpfToNative.ps1 in ${roots.map((r) => join(r, 'build', 'native', 'bin')).join(' or ')}`
        : 'the eBPF for Windows NuGet package: `nuget install eBPF-for-Windows.x64 -OutputDirectory packages` in the workspace, or set ebpf.windows.packagePath',
    );
  if (!hasDeveloperEnvironment(probes))
    missing.push(
      'a Visual Studio developer environment: start VS Code from a "Developer PowerShell for VS" (VSINSTALLDIR unset)',
    );
  if (missing.length > 0 || !layout) return { ok: false, missing };
  return { ok: true, script: join(layout.binDir, 'Convert-BpfToNative.ps1'), ...layout };
}

export interface ConvertScriptOptions {
  /** The object file (bpf2c's FileName; the .o suffix is optional). */
  readonly fileName: string;
  readonly type?: string;
  readonly configuration?: 'Release' | 'Debug' | 'NativeOnlyRelease' | 'NativeOnlyDebug';
  /** true: a kernel-mode .sys (default); false: a user-mode <name>_um.dll. */
  readonly kernelMode?: boolean;
  readonly outDir?: string;
  readonly includeDir?: string;
}

/** PowerShell quoting: single quotes, doubled inside. */
function psQuote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** powershell.exe arguments running the script with its documented parameters. */
export function convertScriptArgs(route: { script: string; includeDir: string }, o: ConvertScriptOptions): string[] {
  const params = [`-FileName ${psQuote(o.fileName)}`];
  if (o.type) params.push(`-Type ${psQuote(o.type)}`);
  params.push(`-Configuration ${o.configuration ?? 'Release'}`);
  params.push(`-KernelMode ${o.kernelMode === false ? '$false' : '$true'}`);
  if (o.outDir) params.push(`-OutDir ${psQuote(o.outDir)}`);
  params.push(`-IncludeDir ${psQuote(o.includeDir ?? route.includeDir)}`);
  return ['-NoProfile', '-ExecutionPolicy', 'Bypass', '-Command', `& ${psQuote(route.script)} ${params.join(' ')}`];
}

/** What the script leaves behind: <name>.sys and its PDB (kernel), or <name>_um.dll (user mode). */
export function expectedOutputs(o: ConvertScriptOptions): string[] {
  const base = (o.fileName.split(/[\\/]/).pop() ?? o.fileName).replace(/\.o$/i, '');
  const dir = o.outDir ?? '.';
  return o.kernelMode === false
    ? [join(dir, `${base}_um.dll`), join(dir, `${base}_um.pdb`)]
    : [join(dir, `${base}.sys`), join(dir, `${base}.pdb`)];
}
