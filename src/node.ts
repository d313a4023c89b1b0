// fusevm/node: the opt-in shell host for Node (real globbing, file tests,
// commands, pipelines, redirects). The default entry never touches files or
// processes; importing this one is how a frontend asks for them. It carries no
// core bytes: the VMs come from `fusevm` (or `fusevm/slim` after init()).

export { NodeShellHost, type NodeShellHostOptions } from './host/node-shell.js';
