// fusevm/node: the opt-in shell host for Node (real globbing, file tests,
// commands, pipelines, redirects). The default entry never touches files or
// processes; importing this one is how a frontend asks for them.

import { useEmbeddedCore } from './core/load.js';
import { CORE_WASM_BASE64 } from './core/wasm-bytes.generated.js';

useEmbeddedCore(CORE_WASM_BASE64);

export { NodeShellHost, type NodeShellHostOptions } from './host/node-shell.js';
