// Starts workers/wasm-thread.ts from sources: in a worker thread, `--import tsx` hooks `require` but not
// `import`, so the TypeScript entry is required from this CommonJS file. From dist the .js runs directly.
require('./wasm-thread.ts');
