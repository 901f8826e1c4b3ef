// The one place where the server binds to the engine in core/: toolchain, loader, platform
// profiles, verifier. Everything else in server/ sees only the Engine interface.

import type { Engine } from './analysis';
import { compileBuffer } from '../core/toolchain/compile';
import { loadObject } from '../core/program/loader';
import { linuxProfile, windowsProfile } from '../core/platform/index';
import { verifyProgram } from '../core/verifier/index';
import path from 'node:path';

export function createEngine(): Engine {
  return {
    compile: ({ source, filePath, platform, settings, workspaceRoot, signal }) =>
      compileBuffer({
        source,
        filePath,
        platform,
        clangPath: settings.clangPath,
        windowsIncludePath: settings.windowsIncludePath,
        workspaceTrusted: settings.workspaceTrusted,
        extensionIncludeDir: settings.extensionPath ? path.join(settings.extensionPath, 'include') : undefined,
        includePaths: settings.includePaths,
        extraArgs: settings.extraArgs,
        workspaceRoot,
        signal,
      }),
    load: (object, { platform, sourceText, fileName, programTypes }) => {
      const forced =
        platform.source === 'setting' ? (platform.id === 'windows' ? windowsProfile : linuxProfile) : 'auto';
      const rules = Object.entries(programTypes).map(([section, type]) => ({
        section,
        type,
        origin: 'the ebpf.programTypes setting',
      }));
      const loaded = loadObject(object, { platform: forced, sourceText, fileName, programTypes: rules });
      return {
        programs: loaded.programs,
        failedPrograms: loaded.failedPrograms,
        platform: loaded.platform,
        platformReason: loaded.platformReason,
      };
    },
    verify: (program) => verifyProgram(program),
    displayName: (id) => (id === 'windows' ? windowsProfile : linuxProfile).displayName,
    profile: (id) => (id === 'windows' ? windowsProfile : linuxProfile),
  };
}
