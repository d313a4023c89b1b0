// Tests import modules directly rather than through an entry: register the
// embedded core bytes as the default entry does.
import { useEmbeddedCore } from '../src/core/load.js';
import { CORE_WASM_BASE64 } from '../src/core/wasm-bytes.generated.js';

useEmbeddedCore(CORE_WASM_BASE64);
