// Entry point of the `ebpf` command (bundled to dist/cli/ebpf.js).
import { isLiveCommand, runLiveCommand } from './commands/live';
import { processIo } from './io';
import { runCli } from './main';

const argv = process.argv.slice(2);
if (isLiveCommand(argv)) {
  // maps / trace wait for bpftool and stream trace lines: asynchronous.
  void runLiveCommand(argv, processIo).then((code) => {
    process.exitCode = code;
  });
} else {
  process.exitCode = runCli(argv, processIo);
}
