// The corpus manifests (test/corpus/<project>/corpus.json) and the eBPF for Windows build of a
// cross-platform project: what the verifier corpus test compiles, checked without clang.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CORPUS_ROOT, LINUX_ON_WINDOWS_DIR, loadCorpus, windowsBuildOf, withoutInliningOf } from '../../support/corpus';
import { defined } from '../../support/at';

const projects = loadCorpus();

describe('corpus manifests', () => {
  it('every listed program and file is stored, with the license', () => {
    for (const p of projects) {
      const manifest = JSON.parse(fs.readFileSync(path.join(p.dir, 'corpus.json'), 'utf8')) as {
        files: string[];
        license: string;
      };
      assert.ok(manifest.files.includes(manifest.license), `${p.project}: the license is among its files`);
      for (const f of [...manifest.files, ...p.programs])
        assert.ok(fs.existsSync(path.join(p.dir, f)), `${p.project}: ${f} is stored`);
    }
  });

  it('a Windows build takes only programs of the Linux build, and its compatibility folder exists', () => {
    const crossPlatform = projects.filter((p) => p.windows);
    assert.ok(crossPlatform.length > 0, 'there are cross-platform projects');
    for (const p of crossPlatform) {
      const w = defined(p.windows, 'the windows block');
      assert.equal(p.platform, 'linux', `${p.project}: a windows block belongs to a Linux project`);
      assert.ok(w.programs.length > 0, `${p.project}: its Windows build has programs`);
      for (const prog of w.programs) assert.ok(p.programs.includes(prog), `${p.project}: ${prog} is a Linux program`);
      if (w.compatDir !== undefined)
        assert.ok(fs.statSync(path.join(p.dir, w.compatDir)).isDirectory(), `${p.project}: ${w.compatDir}/`);
    }
  });
});

describe('builds (one source compiled several ways)', () => {
  const withBuilds = projects.filter((p) => p.builds);

  it('name each object once, from a listed source, and key the lists by build', () => {
    assert.ok(withBuilds.length > 0, 'there are projects with builds');
    for (const p of withBuilds) {
      const builds = p.builds ?? [];
      const names = builds.map((b) => b.name);
      assert.equal(new Set(names).size, names.length, `${p.project}: build names are unique`);
      for (const b of builds) assert.ok(p.programs.includes(b.source), `${p.project}: ${b.source} is listed`);
      const keys = [
        ...Object.keys(p.excluded ?? {}),
        ...Object.keys(p.knownDisagreements ?? {}),
        ...Object.keys(p.withoutInlining?.excluded ?? {}),
        ...Object.keys(p.withoutInlining?.knownDisagreements ?? {}),
      ];
      for (const k of keys)
        assert.ok(names.includes(k.slice(0, k.lastIndexOf('/'))), `${p.project}: ${k} names a build`);
    }
  });

  it('a project whose loader inlines globals is judged again without, with its own lists', () => {
    const p = defined(
      projects.find((q) => q.inlineGlobals !== undefined),
      'a project with inlineGlobals',
    );
    const plain = defined(withoutInliningOf(p), 'the no-inline view');
    assert.equal(plain.project, `${p.project}/no-inline`);
    assert.equal(plain.inlineGlobals, undefined);
    assert.deepEqual(plain.builds, p.builds);
    assert.deepEqual(plain.excluded, p.withoutInlining?.excluded);
    assert.deepEqual(plain.knownDisagreements, p.withoutInlining?.knownDisagreements);
    assert.equal(
      withoutInliningOf(
        defined(
          projects.find((q) => q.inlineGlobals === undefined),
          'another',
        ),
      ),
      undefined,
    );
  });
});

describe('windowsBuildOf', () => {
  it('is undefined for a project without a windows block', () => {
    const p = projects.find((q) => !q.windows);
    assert.ok(p, 'a project without a windows block');
    assert.equal(windowsBuildOf(p), undefined);
  });

  it('names the build <project>/windows and searches our headers before eBPF for Windows’ and the project’s', () => {
    const p = defined(
      projects.find((q) => q.windows?.compatDir !== undefined),
      'a project with a compatibility folder',
    );
    const w = defined(p.windows, 'the windows block');
    const build = defined(windowsBuildOf(p), 'the Windows build');
    assert.equal(build.project, `${p.project}/windows`);
    assert.equal(build.platform, 'windows');
    assert.deepEqual(build.programs, w.programs);
    assert.deepEqual(build.cflags, w.cflags);
    assert.equal(build.generatedVmlinux, undefined, 'the Windows build never uses the kernel’s vmlinux.h');
    const efw = path.join(CORPUS_ROOT, 'ebpf-for-windows');
    assert.deepEqual(build.includeDirs, [
      path.join(p.dir, defined(w.compatDir, 'compatDir')),
      LINUX_ON_WINDOWS_DIR,
      path.join(efw, 'include'),
      path.join(efw, 'tests', 'include'),
      ...w.includeDirs,
    ]);
  });

  it('the shared stand-ins are there', () => {
    for (const f of ['linux/bpf.h', 'linux/types.h', 'bpf/bpf_helpers.h', 'bpf/bpf_endian.h', 'vmlinux.h'])
      assert.ok(fs.existsSync(path.join(LINUX_ON_WINDOWS_DIR, f)), f);
  });
});
