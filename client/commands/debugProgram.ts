// The code lens actions "Debug" and "Run on packet..." for one program of a C file: start an
// `ebpf` debug session for it (stopping on entry), or run it without the debugger. The matching
// launch.json configuration (same program and section) supplies its input, maps and platform;
// otherwise the debug configuration provider (client/debug) asks for the packet or context.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { pickPacket } from '../debug/configuration';
import type { EbpfContext } from '../ebpf-context';
import { newLaunchConfiguration, untitledProgramPath, type LaunchInput } from './launchEntry';

/** Program input given by the caller (tests, other commands); else the configuration provider asks. */
export interface ProgramInput {
  readonly packet?: string;
  readonly pcap?: string;
  readonly ctx?: Readonly<Record<string, unknown>>;
}

export function launchConfiguration(
  source: vscode.Uri,
  functionName: string,
  section: string,
  debug: boolean,
  input?: ProgramInput,
  matching?: vscode.DebugConfiguration,
): vscode.DebugConfiguration {
  // The matching launch.json configuration brings its packet/pcap/ctx, maps and platform.
  const base: Record<string, unknown> = matching ? { ...matching } : {};
  if (input) for (const k of ['packet', 'pcap', 'ctx']) delete base[k];
  return {
    ...base,
    type: 'ebpf',
    request: 'launch',
    name: `${debug ? 'Debug' : 'Run'} ${functionName}`,
    program: source.fsPath,
    section,
    function: functionName,
    stopOnEntry: debug,
    ...input,
  };
}

/**
 * The launch.json configuration of type ebpf for this program: same file (after
 * ${workspaceFolder} / ${file}), and the same section or function when it names one.
 */
export function matchingLaunchConfiguration(
  configs: readonly vscode.DebugConfiguration[],
  sourcePath: string,
  folderPath: string | undefined,
  section: string,
  functionName: string,
): vscode.DebugConfiguration | undefined {
  const norm = (p: string): string => p.replace(/\\/g, '/').replace(/\/+$/, '');
  return configs.find((c) => {
    if (c.type !== 'ebpf' || c.request !== 'launch' || typeof c.program !== 'string') return false;
    let program = c.program.split('${file}').join(sourcePath);
    if (folderPath) program = program.split('${workspaceFolder}').join(folderPath);
    if (norm(program) !== norm(sourcePath)) return false;
    if (c.section !== undefined && c.section !== section) return false;
    return c.function === undefined || c.function === functionName;
  });
}

export function activate(ctx: EbpfContext): void {
  const start = async (
    debug: boolean,
    uriArg: string | vscode.Uri,
    functionName: string,
    section: string,
    input?: ProgramInput,
  ) => {
    let source = typeof uriArg === 'string' ? vscode.Uri.parse(uriArg) : uriArg;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === source.toString());
    if (source.scheme === 'untitled') {
      // The adapter compiles from a file: an untitled buffer runs from a copy in a temp folder,
      // with no Save As (and no launch.json entry to match).
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-untitled-'));
      const file = untitledProgramPath(dir, source.path);
      fs.writeFileSync(file, doc?.getText() ?? '');
      source = vscode.Uri.file(file);
      // VS Code saves the active untitled editor before a session (debug.saveBeforeStart): a Save As.
      return vscode.debug.startDebugging(undefined, launchConfiguration(source, functionName, section, debug, input), {
        noDebug: !debug,
        suppressSaveBeforeStart: true,
      });
    }
    // The adapter compiles the file from disk: save first so it runs what the editor shows.
    if (doc?.isDirty) await doc.save();
    const folder = vscode.workspace.getWorkspaceFolder(source);
    const configs =
      vscode.workspace.getConfiguration('launch', folder).get<vscode.DebugConfiguration[]>('configurations') ?? [];
    let matching = matchingLaunchConfiguration(configs, source.fsPath, folder?.uri.fsPath, section, functionName);
    if (!matching && !input && folder) {
      const offer = await offerLaunchConfiguration(folder, configs, source, functionName, section);
      if (offer === 'cancelled') return false;
      matching = offer;
    }
    return vscode.debug.startDebugging(
      folder,
      launchConfiguration(source, functionName, section, debug, input, matching),
      {
        noDebug: !debug,
      },
    );
  };
  ctx.push(
    vscode.commands.registerCommand(
      'ebpf.debugProgram',
      (uri: string | vscode.Uri, fn: string, section: string, input?: ProgramInput) =>
        start(true, uri, fn, section, input),
    ),
    vscode.commands.registerCommand(
      'ebpf.runOnPacket',
      (uri: string | vscode.Uri, fn: string, section: string, input?: ProgramInput) =>
        start(false, uri, fn, section, input),
    ),
  );
}

/**
 * No launch.json entry runs this program: offer to create one (kept for the next run, with the
 * input chosen now), or to choose the input for this run only. The new entry is returned.
 */
async function offerLaunchConfiguration(
  folder: vscode.WorkspaceFolder,
  configs: readonly vscode.DebugConfiguration[],
  source: vscode.Uri,
  functionName: string,
  section: string,
): Promise<vscode.DebugConfiguration | undefined | 'cancelled'> {
  const create = `Create a launch.json configuration for ${functionName}`;
  const pick = await vscode.window.showQuickPick(
    [
      { label: create, description: 'its input, maps and context are kept for the next run' },
      { label: 'Choose the input for this run only' },
    ],
    { title: `${functionName} has no configuration in launch.json` },
  );
  if (!pick) return 'cancelled';
  if (pick.label !== create) return undefined;
  const packetLike = !/^(bind|cgroup\/|sockops|sk_lookup|kprobe|tracepoint|raw_tp|fentry|fexit|lsm|perf_event)/.test(
    section,
  );
  let input: LaunchInput = {};
  if (packetLike) {
    const chosen = await pickPacket();
    if (!chosen) return 'cancelled';
    input = chosen;
  }
  const entry = newLaunchConfiguration(folder.uri.fsPath, source.fsPath, functionName, section, input);
  await vscode.workspace
    .getConfiguration('launch', folder)
    .update('configurations', [...configs, entry], vscode.ConfigurationTarget.WorkspaceFolder);
  void vscode.window.showInformationMessage(
    `Added "${String(entry.name)}" to launch.json: edit its maps and context there.`,
  );
  return entry as vscode.DebugConfiguration;
}
