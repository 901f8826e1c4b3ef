// F5 on an eBPF C file: the debug configuration provider. It offers starter configurations for
// launch.json, and when there is no launch.json (or a configuration lacks the program or its
// input) it fills the gaps from the active file: the program, its section (a quick pick when the
// file holds several), and a packet (the workspace's .hex / .pcap files, or hex typed in).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findSections } from '../../common/ebpf-source';
import { HexError, parseHex } from '../../common/hex';

export const DEBUG_TYPE = 'ebpf';

/** Program types that take a packet (the others take a context description). */
const PACKET_SECTIONS = /^(xdp|tc|classifier|action|socket|sk_skb|cgroup_skb|cgroup\/skb|lwt_|flow_dissector|sk_msg)/;

const SAMPLE_TCP_SYN =
  '02000000000102000000000a0800450000281234400040065c86c0a8010a0a0000649c40005001020304000000005002faf048450000';

export class EbpfConfigurationProvider implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return [
      {
        type: DEBUG_TYPE,
        request: 'launch',
        name: 'eBPF: debug the current file with a packet',
        program: '${file}',
        platform: 'auto',
        packet: SAMPLE_TCP_SYN,
        stopOnEntry: true,
      },
    ];
  }

  async resolveDebugConfiguration(
    _folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (!config.type && !config.request && !config.name) {
      // F5 without launch.json.
      if (!editor || editor.document.languageId !== 'c') {
        void vscode.window.showInformationMessage(
          'eBPF: open the C file of an eBPF program (with SEC("...")) and press F5 again, or add an "ebpf" configuration to launch.json.',
        );
        return undefined;
      }
      config = {
        type: DEBUG_TYPE,
        request: 'launch',
        name: `Debug ${path.basename(editor.document.fileName)}`,
        program: editor.document.fileName,
        stopOnEntry: true,
      };
    }
    if (!config.program) {
      if (!editor || editor.document.languageId !== 'c') {
        void vscode.window.showErrorMessage(
          'eBPF: the launch configuration has no "program", and no C file is open to use instead.',
        );
        return undefined;
      }
      config.program = editor.document.fileName;
    }
    const program = String(config.program);
    if (program.endsWith('.c') && !config.section && !config.function) {
      const text = await readText(program, editor);
      const sections = text ? [...new Set(findSections(text).map((s) => s.name))] : [];
      if (sections.length > 1) {
        const pick = await vscode.window.showQuickPick(sections, {
          title: `${path.basename(program)} holds ${sections.length} programs: which one?`,
        });
        if (!pick) return undefined;
        config.section = pick;
      } else if (sections.length === 1) {
        config.section = sections[0];
      }
    }
    if (config.packet === undefined && config.pcap === undefined && config.ctx === undefined && !config.kernelDebug) {
      const section = typeof config.section === 'string' ? config.section : '';
      if (PACKET_SECTIONS.test(section) || section === '') {
        const input = await pickPacket();
        if (input === undefined) return undefined;
        Object.assign(config, input);
      }
    }
    // Pause when a run returns (result, final packet, maps), unless the configuration says otherwise
    // or it runs without debugging (Run on packet…, Ctrl+F5).
    if (config.stopOnExit === undefined && !config.noDebug)
      config.stopOnExit = vscode.workspace.getConfiguration('ebpf').get<boolean>('debug.stopOnExit', true);
    return config;
  }
}

async function readText(file: string, editor: vscode.TextEditor | undefined): Promise<string | undefined> {
  if (editor && editor.document.fileName === file) return editor.document.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(file)));
  } catch {
    return undefined;
  }
}

/** Ask for the input packet: a .hex or .pcap file of the workspace, hex typed in, or the sample. */
export async function pickPacket(): Promise<{ packet: string } | { pcap: string } | undefined> {
  const files = await vscode.workspace.findFiles('**/*.{hex,pcap,pcapng}', '**/{node_modules,.git,dist}/**', 200);
  type Item = vscode.QuickPickItem & { value?: { packet: string } | { pcap: string }; typeIn?: boolean };
  const items: Item[] = [
    ...files.map((uri): Item => {
      const pcap = /\.pcap(ng)?$/.test(uri.fsPath);
      return {
        label: vscode.workspace.asRelativePath(uri),
        description: pcap ? 'capture: every frame is one run' : 'one packet (hex)',
        value: pcap ? { pcap: uri.fsPath } : { packet: uri.fsPath },
      };
    }),
    { label: 'Type the packet in hex…', typeIn: true },
    { label: 'Sample: TCP SYN to 10.0.0.100:80', description: '54 bytes', value: { packet: SAMPLE_TCP_SYN } },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: 'Packet to run the program on' });
  if (!pick) return undefined;
  if (!pick.typeIn) return pick.value;
  const hex = await vscode.window.showInputBox({
    title: 'Packet bytes (hex)',
    placeHolder: '02 00 00 00 00 01 ...',
    validateInput: (v) => {
      try {
        parseHex(v, { what: 'packet' });
        return undefined;
      } catch (e) {
        return e instanceof HexError ? e.message : String(e);
      }
    },
  });
  return hex === undefined ? undefined : { packet: hex };
}
