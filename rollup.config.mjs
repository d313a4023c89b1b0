// Bundles the library for consumers from tsc's output in build/lib: the
// default entry dist/index.{js,cjs} (core bytes embedded) and dist/slim.{js,cjs}
// (no bytes) and dist/node.{js,cjs} (the opt-in Node shell host), ESM and CommonJS. Types come from tsc's declarations (dist/types).
// One shared chunk for the library; the entries keep only what is theirs (the
// core bytes in index, the Node shell host in node).
function manualChunks(id) {
  if (/[\\/]build[\\/]lib[\\/](index|slim|node|core[\\/]wasm-bytes\.generated|host[\\/](node-shell|glob))\.js$/.test(id)) return undefined;
  return 'shared';
}

export default {
  input: { index: 'build/lib/index.js', slim: 'build/lib/slim.js', node: 'build/lib/node.js' },
  output: [
    { dir: 'dist', format: 'es', entryFileNames: '[name].js', chunkFileNames: 'shared.js', manualChunks, sourcemap: false },
    { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'shared.cjs', manualChunks, exports: 'named', sourcemap: false },
  ],
  treeshake: { moduleSideEffects: false },
  // node:* imports stay imports (only the node entry has them).
  external: (id) => id.startsWith('node:'),
};
