// Entry point when VS Code runs the adapter as its own process (dist/debug-adapter/main.js):
// the protocol over stdin/stdout.
import { DebugSession } from '@vscode/debugadapter';
import { EbpfDebugSession } from './session';

/** DebugSession.run constructs the session without arguments. */
class ProcessSession extends EbpfDebugSession {
  constructor() {
    super({});
  }
}

DebugSession.run(ProcessSession as unknown as typeof DebugSession);
