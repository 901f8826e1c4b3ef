// Runs the `ebpf` command in this process (bundled to dist/cli/ebpf-main.js, which the launcher
// dist/cli/ebpf.js loads through V8's code cache; see cli/ebpf.ts).
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
