// One worker thread of `ebpf verify --jobs N` (see verifyWorkers.ts): claims the next file of the
// batch, verifies it, posts the result and wakes the main thread, until no file is left.
import { workerData } from 'node:worker_threads';
import { verifyFileForBatch } from './commands/verify';
import { processIo } from './io';
import { NEXT, POSTED, type WorkerInput } from './verifyWorkers';

const input = workerData as WorkerInput;
const shared = new Int32Array(input.counters);
for (let i = Atomics.add(shared, NEXT, 1); i < input.files.length; i = Atomics.add(shared, NEXT, 1)) {
  const file = input.files[i];
  if (file === undefined) break;
  input.port.postMessage(verifyFileForBatch(processIo, file, input.options));
  Atomics.add(shared, POSTED, 1);
  Atomics.notify(shared, POSTED);
}
input.port.close();
