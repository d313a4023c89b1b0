// as-pect: AssemblyScript unit tests for the core (tests-as/*.spec.ts).
export default {
  entries: ['tests-as/**/*.spec.ts'],
  include: [],
  disclude: [/node_modules/],
  async instantiate(memory, createImports, instantiate, binary) {
    return instantiate(binary, createImports({ env: { memory } }));
  },
  outputBinary: false,
};
