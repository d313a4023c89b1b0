// Bundles the library for consumers: dist/index.js (ESM, one file) and
// dist/index.cjs (CommonJS), from tsc's output in build/lib. Types come from
// tsc's declarations (dist/types).
export default {
  input: 'build/lib/index.js',
  output: [
    { file: 'dist/index.js', format: 'es', sourcemap: false },
    { file: 'dist/index.cjs', format: 'cjs', sourcemap: false, exports: 'named' },
  ],
  treeshake: { moduleSideEffects: false },
};
