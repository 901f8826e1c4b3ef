// Entry of the verification worker thread (bundled to dist/server/verifyThread.js beside the server).
import { serveVerification } from './verifyWorker';

serveVerification();
