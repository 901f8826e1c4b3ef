// Entry of dist/debug-adapter/inline.js: the session for `"adapter": "inline"`, run inside the
// extension host. Bundled apart from the extension (it carries the whole engine) and loaded by
// client/debug/adapterFactory.ts only when such a session starts.
import { EbpfDebugSession, type SessionOptions } from './session';

export function createInlineSession(options: SessionOptions): EbpfDebugSession {
  return new EbpfDebugSession(options);
}
