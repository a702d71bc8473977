import { serveLocalCheckerOffscreen } from '@/utils/local-check/offscreen-host';

// harper.js lives here, not in the service worker: its seconds-long wasm setup would freeze every
// other background task, and the worker's 30 s idle stop would throw the warm linter away.
serveLocalCheckerOffscreen();
