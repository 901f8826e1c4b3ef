// Entry point when VS Code runs the adapter as its own process (dist/debug-adapter/main.js):
// the protocol over stdin/stdout. With --server=PORT it serves sessions on a TCP port instead
// (for VS Code's "debugServer" launch attribute while working on the adapter).
import { DebugSession } from '@vscode/debugadapter';
import { serveAdapter } from './server';
import { EbpfDebugSession } from './session';
import { KdDebugSession } from './kd/session';

/** DebugSession.run constructs the session without arguments. */
class ProcessSession extends EbpfDebugSession {
  constructor() {
    super({});
  }
}

const serverArg = process.argv.slice(2).find((a) => a.startsWith('--server='));
if (serverArg) {
  const port = Number(serverArg.slice('--server='.length));
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--server needs a TCP port number, got '${serverArg.slice('--server='.length)}'`);
    process.exit(2);
  }
  serveAdapter(port).then(
    (s) => console.error(`eBPF debug adapter listening on 127.0.0.1:${s.port}`),
    (e: Error) => {
      console.error(`cannot serve the eBPF debug adapter on port ${port}: ${e.message}`);
      process.exit(1);
    },
  );
} else if (process.argv.includes('--kernel-debug')) {
  // "kernelDebug" configurations: kd.exe; the client passes the trusted ebpf.windows.kdPath.
  const kdPath = process.argv.find((a) => a.startsWith('--kd-path='))?.slice('--kd-path='.length);
  class KdProcessSession extends KdDebugSession {
    constructor() {
      super(kdPath ? { kdPath } : {});
    }
  }
  DebugSession.run(KdProcessSession);
} else {
  DebugSession.run(ProcessSession);
}
