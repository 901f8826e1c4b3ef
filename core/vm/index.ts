// The VM's public surface. Typical use:
//
//   const vm = new Vm(object.programs, { budget, seed, cpus, clock, process, fibRoutes });
//   vm.loadMaps({ services: [{ key: 'hex', value: 'hex' }] });        // or vm.map('x').set(k, v)
//   const r = vm.run({ packet }, programIndex);   // fast path: r.returnValue, r.returnName,
//                                                 // r.packet, r.printk, r.error (VmFault...);
//                                                 // r.packet / r.ctx are read in place until the
//                                                 // next run: ownedResult(r) keeps them
//   const ex = vm.start({ ctx: { field: value } }); // debugger: ex.step(), ex.continue({ breakpoints }),
//                                                   // ex.registers(), ex.readMemory(addr, n), ex.frames(),
//                                                   // ex.enableHistory(); ex.stepBack()
//
// Error codes returned by map helpers: Linux -errno (ENOENT -2, EEXIST -17, E2BIG -7, EINVAL -22,
// ENOSPC -28); eBPF for Windows the negated ebpf_result_t (KEY_NOT_FOUND -19, KEY_ALREADY_EXISTS
// -26, OUT_OF_SPACE -29 for a full map, INVALID_ARGUMENT -6). See maps.ts.
export { Vm, Execution, DEFAULT_BUDGET, ownedResult } from './vm';
export type {
  RunKeep,
  VmOptions,
  RunInput,
  RunResult,
  PrintkEvent,
  ProcessContext,
  FibRoute,
  ClockOptions,
  StopInfo,
  FrameInfo,
  ExecutionState,
} from './vm';
export { VmError, VmFault, BudgetExceeded } from './errors';
export type { VmLocation } from './errors';
export { RuntimeMap, diffMaps, BPF_ANY, BPF_NOEXIST, BPF_EXIST } from './maps';
export type { MapJson, MapEntry, MapRecord, MapChange, MapErrno } from './maps';
export { readCapture, selectFrames, CaptureError, LINKTYPE_ETHERNET } from './capture';
export type { CaptureFrame } from './capture';
export type { CtxDescription, CtxValue } from './context';
export { runConformance, conformancePlatform } from './conformance';
export { MAX_CALL_DEPTH, STACK_SIZE } from './interpreter';
