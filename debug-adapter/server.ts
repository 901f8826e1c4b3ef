// Inline mode: the adapter served in the current process on a TCP port (one session per
// connection), as vscode-mock-debug's debugServer does. Tests connect a DebugClient to it with
// dc.start(port), so the adapter code runs in the test process (coverage, breakpoints, no
// process start); `node dist/debug-adapter/main.js --server=4711` runs it for VS Code's
// "debugServer" launch attribute, to debug the adapter itself.
import net from 'node:net';
import { EbpfDebugSession, type SessionOptions } from './session';

export interface AdapterServer {
  readonly port: number;
  /** Stop accepting connections and end the open sessions. */
  close(): Promise<void>;
}

export function serveAdapter(port = 0, options: SessionOptions = {}, host = '127.0.0.1'): Promise<AdapterServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    // Small request/response messages: without this, Nagle's algorithm and delayed ACKs add ~40 ms a step.
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    const session = new EbpfDebugSession(options);
    // As a server the session must not exit the process when the client disconnects.
    session.setRunAsServer(true);
    session.start(socket, socket);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error(`the debug adapter server did not get a TCP port (${String(address)})`));
        return;
      }
      resolve({
        port: address.port,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
