// A node:test reporter that writes one JSON line per skipped or todo test, for
// scripts/test-unit.mjs to summarise (and, under CI=true, to fail on). Used beside the spec reporter:
//   --test-reporter=spec --test-reporter-destination=stdout
//   --test-reporter=./scripts/lib/skip-reporter.mjs --test-reporter-destination=<file>
export default async function* skipReporter(source) {
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { skip, todo, name, file } = event.data;
    if (skip === undefined && todo === undefined) continue;
    yield (
      JSON.stringify({
        kind: skip !== undefined ? 'skip' : 'todo',
        reason: typeof (skip ?? todo) === 'string' ? (skip ?? todo) : '',
        name,
        file,
      }) + '\n'
    );
  }
}
