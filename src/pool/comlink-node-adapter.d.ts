/** Types for comlink's Node adapter, which ships without a `.d.mts` beside its `.mjs`. */
declare module 'comlink/dist/esm/node-adapter.mjs' {
  import type { Endpoint } from 'comlink';

  /** What the adapter needs of a Node message target (worker, port, or a child-process shim). */
  export interface NodeEndpoint {
    // biome-ignore lint/suspicious/noExplicitAny: comlink's own signature.
    postMessage(message: any, transfer?: any[]): void;
    // biome-ignore lint/suspicious/noExplicitAny: comlink's own signature.
    on(type: string, listener: (...args: any[]) => void): void;
    // biome-ignore lint/suspicious/noExplicitAny: comlink's own signature.
    off(type: string, listener: (...args: any[]) => void): void;
    start?: () => void;
  }

  /** Wrap a Node message target as a comlink endpoint. */
  export default function nodeEndpoint(target: NodeEndpoint): Endpoint;
}
