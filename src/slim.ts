// fusevm/slim: the same API without the core's bytes (for those who serve or
// cache `fusevm/core.wasm` themselves): call init() or initSync() before
// making a VM on the wasm backend. The ts backend needs no init.

export * from './api.js';
