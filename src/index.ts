// fusevm: the default entry. It carries the core's wasm bytes, so the wasm
// backend works with no init() and nothing to fetch.

import { useEmbeddedCore } from './core/load.js';
import { CORE_WASM_BASE64 } from './core/wasm-bytes.generated.js';

useEmbeddedCore(CORE_WASM_BASE64);

export * from './api.js';
