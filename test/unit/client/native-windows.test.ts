// The Windows build route of "Convert to Native": package and developer-environment detection
// with injected probes, and the Convert-BpfToNative.ps1 command line (no Windows machine here).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  convertScriptArgs,
  detectWindowsRoute,
  expectedOutputs,
  hasDeveloperEnvironment,
  type Probes,
} from '../../../client/native-windows';
import { at } from '../../support/at';

function probes(files: string[], env: Record<string, string> = {}, platform = 'win32'): Probes {
  const set = new Set(files.map((f) => f.toLowerCase()));
  return {
    platform,
    env,
    exists: (p) => set.has(p.toLowerCase()),
    list: (dir) => {
      const prefix = dir.toLowerCase() + '\\';
      const names = files
        .filter((f) => f.toLowerCase().startsWith(prefix))
        .flatMap((f) => f.slice(prefix.length).split('\\')[0] ?? []);
      return [...new Set(names)];
    },
  };
}

const DEV = { VSINSTALLDIR: 'C:\\VS\\', VCToolsInstallDir: 'C:\\VS\\VC\\Tools\\MSVC\\14.40\\' };
const PKG = 'C:\\work\\packages\\eBPF-for-Windows.x64.0.21.0';
const SCRIPT = `${PKG}\\build\\native\\bin\\Convert-BpfToNative.ps1`;

describe('Windows driver route', () => {
  it('finds the NuGet package under packages\\ and the developer environment', () => {
    const route = detectWindowsRoute({ workspaceFolders: ['C:\\work'] }, probes([SCRIPT], DEV));
    assert.deepEqual(route, {
      ok: true,
      script: SCRIPT,
      binDir: `${PKG}\\build\\native\\bin`,
      includeDir: `${PKG}\\build\\native\\include`,
    });
  });

  it('prefers the setting (package root or its bin folder)', () => {
    const other = 'D:\\ebpf\\build\\native\\bin\\Convert-BpfToNative.ps1';
    for (const setting of ['D:\\ebpf', 'D:\\ebpf\\build\\native\\bin\\']) {
      const route = detectWindowsRoute(
        { packageSetting: setting, workspaceFolders: ['C:\\work'] },
        probes([SCRIPT, other], DEV),
      );
      assert.ok(route.ok && route.script === other, setting);
    }
  });

  it('says exactly what is missing', () => {
    const none = detectWindowsRoute({ workspaceFolders: ['C:\\work'] }, probes([], {}, 'linux'));
    assert.equal(none.ok, false);
    if (none.ok) return;
    assert.equal(none.missing.length, 3);
    assert.match(at(none.missing, 0), /Windows machine \(this is linux\)/);
    assert.match(at(none.missing, 1), /nuget install eBPF-for-Windows\.x64 -OutputDirectory packages/);
    assert.match(at(none.missing, 2), /Developer PowerShell/);
    const noScript = detectWindowsRoute({ packageSetting: 'D:\\ebpf', workspaceFolders: [] }, probes([], DEV));
    assert.ok(
      !noScript.ok &&
        noScript.missing.length === 1 &&
        /Convert-BpfToNative\.ps1 in D:\\ebpf\\build\\native\\bin/.test(at(noScript.missing, 0)),
    );
  });

  it('recognises a developer environment by VSINSTALLDIR + VCToolsInstallDir or VSCMD_VER', () => {
    assert.equal(hasDeveloperEnvironment(probes([], DEV)), true);
    assert.equal(hasDeveloperEnvironment(probes([], { VSCMD_VER: '17.10' })), true);
    assert.equal(hasDeveloperEnvironment(probes([], { VSINSTALLDIR: 'C:\\VS' })), false);
  });

  it('builds the documented parameters, quoted for PowerShell', () => {
    const route = { script: SCRIPT, includeDir: `${PKG}\\build\\native\\include` };
    const args = convertScriptArgs(route, {
      fileName: "C:\\src\\bind monitor's.o",
      type: 'bind',
      configuration: 'Debug',
      kernelMode: true,
      outDir: 'C:\\out',
    });
    assert.deepEqual(args.slice(0, 4), ['-NoProfile', '-ExecutionPolicy', 'Bypass', '-Command']);
    assert.equal(
      args[4],
      `& '${SCRIPT}' -FileName 'C:\\src\\bind monitor''s.o' -Type 'bind' -Configuration Debug -KernelMode $true -OutDir 'C:\\out' -IncludeDir '${PKG}\\build\\native\\include'`,
    );
    const user = convertScriptArgs(route, { fileName: 'x.o', kernelMode: false });
    assert.match(at(user, 4), /-Configuration Release -KernelMode \$false -IncludeDir/);
    assert.doesNotMatch(at(user, 4), /-Type|-OutDir/);
  });

  it('names the outputs: <name>.sys and .pdb, or <name>_um.dll in user mode', () => {
    assert.deepEqual(expectedOutputs({ fileName: 'C:\\src\\bindmonitor.o', outDir: 'C:\\out' }), [
      'C:\\out\\bindmonitor.sys',
      'C:\\out\\bindmonitor.pdb',
    ]);
    assert.deepEqual(expectedOutputs({ fileName: 'bindmonitor', kernelMode: false }), [
      '.\\bindmonitor_um.dll',
      '.\\bindmonitor_um.pdb',
    ]);
  });
});
