// The code lens actions "Debug" and "Run on packet..." for one program of a C file: start an
// `ebpf` debug session for it (stopping on entry), or run it without the debugger. The debug
// configuration provider (client/debug) asks for the packet or context when none is given.
import * as vscode from 'vscode';
import type { EbpfContext } from '../ebpf-context';

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
): vscode.DebugConfiguration {
  return {
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

export function activate(ctx: EbpfContext): void {
  const start = async (
    debug: boolean,
    uriArg: string | vscode.Uri,
    functionName: string,
    section: string,
    input?: ProgramInput,
  ) => {
    const source = typeof uriArg === 'string' ? vscode.Uri.parse(uriArg) : uriArg;
    // The adapter compiles the file from disk: save first so it runs what the editor shows.
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === source.toString());
    if (doc?.isDirty) await doc.save();
    const folder = vscode.workspace.getWorkspaceFolder(source);
    return vscode.debug.startDebugging(folder, launchConfiguration(source, functionName, section, debug, input), {
      noDebug: !debug,
    });
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
