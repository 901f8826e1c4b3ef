// Program-type and attach-type GUIDs of eBPF for Windows (include/ebpf_program_attach_type_guids.h),
// chosen from a section name by longest prefix as the Windows loader does. bpf2c writes them into
// each program entry; Linux programs get the zero GUID (the kernel uses numbers, not GUIDs).

export interface Guid {
  readonly data1: number;
  readonly data2: number;
  readonly data3: number;
  readonly data4: readonly number[];
}

function guid(text: string): Guid {
  const hex = text.replace(/-/g, '');
  const bytes = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => parseInt(hex.slice(from + i * 2, from + i * 2 + 2), 16));
  return {
    data1: parseInt(hex.slice(0, 8), 16),
    data2: parseInt(hex.slice(8, 12), 16),
    data3: parseInt(hex.slice(12, 16), 16),
    data4: bytes(16, 8),
  };
}

export const ZERO_GUID: Guid = guid('00000000-0000-0000-0000-000000000000');

const PROGRAM = {
  xdp: guid('f1832a85-85d5-45b0-98a0-7069d63013b0'),
  bind: guid('608c517c-6c52-4a26-b677-bb1c34425adf'),
  sockAddr: guid('92ec8e39-aeec-11ec-9a30-18602489beee'),
  sockOps: guid('43fb224d-68f8-46d6-aa3f-c856518cbb32'),
  sample: guid('f788ef4a-207d-4dc3-85cf-0f2ea107213c'),
};

const ATTACH = {
  xdp: guid('85e0d8ef-579e-4931-b072-8ee226bb2e9d'),
  bind: guid('b9707e04-8127-4c72-833e-05b1fb439496'),
  connect4: guid('a82e37b1-aee7-11ec-9a30-18602489beee'),
  connect6: guid('a82e37b2-aee7-11ec-9a30-18602489beee'),
  recvAccept4: guid('a82e37b3-aee7-11ec-9a30-18602489beee'),
  recvAccept6: guid('a82e37b4-aee7-11ec-9a30-18602489beee'),
  connectAuth4: guid('6076c13a-f04f-4ff8-8380-908553f22276'),
  connectAuth6: guid('54b0b6ed-432a-4674-8b27-8d9f5b40c675'),
  bind4: guid('0d7ce21a-7773-405c-93b6-d5bfb92e74bc'),
  bind6: guid('81de64c0-2973-468d-8382-6769f033d759'),
  listen4: guid('e1b0cb3d-d70c-4ee2-b23a-0742bedb06d6'),
  listen6: guid('4e72f92e-5ed0-4fe5-b851-b124fe14074d'),
  sockOps: guid('837d02cd-3251-4632-8d94-60d3b45769f2'),
  sample: guid('f788ef4b-207d-4dc3-85cf-0f2ea107213c'),
};

interface SectionTypes {
  readonly prefix: string;
  readonly program: Guid;
  readonly attach: Guid;
}

const SECTIONS: readonly SectionTypes[] = [
  { prefix: 'xdp', program: PROGRAM.xdp, attach: ATTACH.xdp },
  { prefix: 'bind', program: PROGRAM.bind, attach: ATTACH.bind },
  { prefix: 'cgroup/connect4', program: PROGRAM.sockAddr, attach: ATTACH.connect4 },
  { prefix: 'cgroup/connect6', program: PROGRAM.sockAddr, attach: ATTACH.connect6 },
  { prefix: 'cgroup/recv_accept4', program: PROGRAM.sockAddr, attach: ATTACH.recvAccept4 },
  { prefix: 'cgroup/recv_accept6', program: PROGRAM.sockAddr, attach: ATTACH.recvAccept6 },
  { prefix: 'cgroup/connect_authorization4', program: PROGRAM.sockAddr, attach: ATTACH.connectAuth4 },
  { prefix: 'cgroup/connect_authorization6', program: PROGRAM.sockAddr, attach: ATTACH.connectAuth6 },
  { prefix: 'cgroup/bind4', program: PROGRAM.sockAddr, attach: ATTACH.bind4 },
  { prefix: 'cgroup/bind6', program: PROGRAM.sockAddr, attach: ATTACH.bind6 },
  { prefix: 'cgroup/listen4', program: PROGRAM.sockAddr, attach: ATTACH.listen4 },
  { prefix: 'cgroup/listen6', program: PROGRAM.sockAddr, attach: ATTACH.listen6 },
  { prefix: 'sockops', program: PROGRAM.sockOps, attach: ATTACH.sockOps },
  { prefix: 'sample_ext', program: PROGRAM.sample, attach: ATTACH.sample },
];

/** The (program type, attach type) GUIDs for a Windows section name; zero GUIDs when unknown. */
export function windowsTypeGuids(section: string): { program: Guid; attach: Guid } {
  let best: SectionTypes | undefined;
  for (const s of SECTIONS)
    if (section.startsWith(s.prefix) && (!best || s.prefix.length > best.prefix.length)) best = s;
  return best ? { program: best.program, attach: best.attach } : { program: ZERO_GUID, attach: ZERO_GUID };
}

/** The section names `--type` accepts (section-name semantics, as bpf2c's --type). */
export function knownWindowsTypes(): string[] {
  return SECTIONS.map((s) => s.prefix);
}

export function guidInitializer(g: Guid): string {
  const h = (n: number, w: number) => '0x' + n.toString(16).padStart(w, '0');
  return `{${h(g.data1, 8)}, ${h(g.data2, 4)}, ${h(g.data3, 4)}, {${g.data4.map((b) => h(b, 2)).join(', ')}}}`;
}
