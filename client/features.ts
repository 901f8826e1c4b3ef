// The list of client features. Each lives in its own file and exports activate(ctx); to add one,
// write the file and add a line here. Order matters only where a feature uses another's command.
import type { EbpfContext } from './ebpf-context';
import * as output from './output-command';
import * as newProgram from './new-program';
import * as programsView from './programs-view';
import * as languageClient from './languageClient';
import * as statusBar from './statusBar';
import * as verifyCommand from './commands/verify';
import * as disassemblyCommand from './commands/disassembly';
import * as selectPlatformCommand from './commands/selectPlatform';
import * as addClangArgCommand from './commands/addClangArg';
import * as debugProgramCommand from './commands/debugProgram';
import * as debug from './debug/index';
import * as mapsView from './maps-view';
import * as tracePanel from './trace-panel';
import * as attachCommand from './attach-command';
import * as convertToNativeCommand from './commands/convertToNative';
import * as resolveNativeAddressCommand from './commands/resolveNativeAddress';

export interface ClientFeature {
  /** Short name, used in the log when a feature fails to start. */
  readonly name: string;
  activate(ctx: EbpfContext): void | Promise<void>;
}

export const features: readonly ClientFeature[] = [
  { name: 'output', activate: output.activate },
  { name: 'new-program', activate: newProgram.activate },
  { name: 'programs-view', activate: programsView.activate },
  { name: 'language-client', activate: languageClient.activate },
  { name: 'status-bar', activate: statusBar.activate },
  { name: 'verify-command', activate: verifyCommand.activate },
  { name: 'disassembly-command', activate: disassemblyCommand.activate },
  { name: 'select-platform-command', activate: selectPlatformCommand.activate },
  { name: 'add-clang-arg-command', activate: addClangArgCommand.activate },
  { name: 'debug-program-command', activate: debugProgramCommand.activate },
  { name: 'debugger', activate: debug.activate },
  { name: 'maps-view', activate: mapsView.activate },
  { name: 'trace-panel', activate: tracePanel.activate },
  { name: 'attach-command', activate: attachCommand.activate },
  { name: 'convert-to-native-command', activate: convertToNativeCommand.activate },
  { name: 'resolve-native-address-command', activate: resolveNativeAddressCommand.activate },
];
