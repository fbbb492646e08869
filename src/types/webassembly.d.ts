/**
 * The part of the WebAssembly JavaScript API the wasm-simd backend uses. Node has it as a global; the type
 * definitions for Node 20 do not declare it, and the DOM library (which does) would declare a browser.
 */
declare namespace WebAssembly {
  type ImportValue = Memory | ((...args: never[]) => unknown) | number;
  type ModuleImports = Record<string, ImportValue>;
  type Imports = Record<string, ModuleImports>;
  type ExportValue = Memory | ((...args: never[]) => unknown);
  type Exports = Record<string, ExportValue>;

  class Module {
    constructor(bytes: ArrayBufferView | ArrayBuffer);
  }
  class Instance {
    constructor(module: Module, imports?: Imports);
    readonly exports: Exports;
  }
  interface MemoryDescriptor {
    initial: number;
    maximum?: number;
    shared?: boolean;
  }
  class Memory {
    constructor(descriptor: MemoryDescriptor);
    readonly buffer: ArrayBuffer | SharedArrayBuffer;
    grow(delta: number): number;
  }
  class RuntimeError extends Error {}
  class CompileError extends Error {}
  class LinkError extends Error {}
  function validate(bytes: ArrayBufferView | ArrayBuffer): boolean;
}
