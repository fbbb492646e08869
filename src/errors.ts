/**
 * Errors that cross the library boundary. Inside, failures are data; at the edges they are these.
 *
 * The library speaks its own domain: a message names a parameter by its key (`tp`, `kvHeads`, `gpus`), the
 * key of its `ParamSpec` or the field of an options object, never by a CLI flag. It does so through
 * {@link msg} and {@link param}, so the message keeps which words are parameters:
 *
 * ```ts
 * throw new UserError(msg`${param('tp')} ${tp} must divide the ${heads} attention heads of ${model}`);
 * // error.message: 'tp 3 must divide the 64 attention heads of llama-3-70b'
 * // error.param:   'tp'
 * // the CLI:       'tppbench: --tp 3 must divide the 64 attention heads of llama-3-70b'
 * ```
 *
 * `error.message` names each parameter by its key; a front end renders the same message with its own names
 * through `error.text.render(name)` (the CLI passes the flag of each key). A plain string message names no
 * parameter and reads the same everywhere.
 * @module
 */

/** Why a command could not run: each maps to exit code 2 in the CLI. */
export type UserErrorKind = 'usage' | 'input' | 'tool';

/**
 * A parameter named in a {@link Message}. The library writes its key; a front end writes its own name for
 * it (the CLI: the flag, or with `allNames` every spelling it accepts: `--gpus-count/--num-gpus`).
 */
export class ParamName {
  constructor(
    /** The parameter's key (`ParamSpec.key`) or options field, camelCase: `kvHeads`, `gpus`, `maxEstimates`. */
    readonly key: string,
    /** Name every spelling of the parameter a user may have typed (for "must be" errors on its value). */
    readonly allNames = false,
  ) {}
}

/** `key` as a name in a message built with {@link msg}. */
export function param(key: string, options?: { readonly allNames?: boolean }): ParamName {
  return new ParamName(key, options?.allNames ?? false);
}

/** Names a parameter for one audience: the library's keys, the CLI's flags. */
export type ParamNamer = (name: ParamName) => string;

/** The CLI flag a parameter key has by default: its kebab case (`blockSize` -> `--block-size`). */
export function flagOfKey(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** The library's names: each parameter by its key. */
export const byKey: ParamNamer = (name) => name.key;

/** Text in which some words are parameters ({@link ParamName}s), so each audience can name them its way. */
export class Message {
  /** The text and the parameter names between its pieces, in order. */
  readonly parts: readonly (string | ParamName)[];

  constructor(parts: readonly (string | ParamName)[]) {
    this.parts = parts;
  }

  /** The keys of the parameters named, in order of first mention. */
  get params(): readonly string[] {
    const out: string[] = [];
    for (const p of this.parts) if (typeof p !== 'string' && !out.includes(p.key)) out.push(p.key);
    return out;
  }

  /** The text with each parameter named by `name` (default: its key). */
  render(name: ParamNamer = byKey): string {
    let out = '';
    for (const p of this.parts) out += typeof p === 'string' ? p : name(p);
    return out;
  }

  /** The library's text (parameters by key). */
  toString(): string {
    return this.render();
  }
}

/**
 * Build a {@link Message}: `` msg`${param('kvHeads')} ${kvHeads} must divide ${param('heads')} ${heads}` ``.
 * A {@link ParamName} stays a parameter, a nested Message keeps its parameters, anything else is `String(v)`.
 */
export function msg(strings: TemplateStringsArray, ...values: readonly unknown[]): Message {
  // Plain loops: estimates build their warnings with this, sweeps millions of times.
  const parts: (string | ParamName)[] = [];
  for (let i = 0; i < strings.length; i++) {
    addText(parts, strings[i] as string);
    if (i >= values.length) continue;
    const v = values[i];
    if (v instanceof ParamName) parts.push(v);
    else if (v instanceof Message) {
      for (const p of v.parts) {
        if (typeof p === 'string') addText(parts, p);
        else parts.push(p);
      }
    } else addText(parts, String(v));
  }
  return new Message(parts);
}

/** Append `s` to `parts`, joined to the last piece when that is text. */
function addText(parts: (string | ParamName)[], s: string): void {
  if (s === '') return;
  const last = parts.length - 1;
  if (last >= 0 && typeof parts[last] === 'string') parts[last] += s;
  else parts.push(s);
}

/** The parameters `keys` as a list in a message: `m, n` (the CLI: `--m, --n`). */
export function paramList(keys: readonly string[], separator = ', '): Message {
  const parts: (string | ParamName)[] = [];
  keys.forEach((key, i) => {
    if (i > 0) parts.push(separator);
    parts.push(param(key));
  });
  return new Message(parts);
}

/**
 * A problem the user can fix (a bad parameter, file or field) or a tool that is missing. The message names
 * the parameter, file or field and is shown as is, without a stack trace. Built from a {@link Message}, it
 * knows the parameters it is about (`param`, `params`) and `message` names them by key; `text.render(name)`
 * names them for another audience.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  /** The message with its parameters marked: `text.render(name)` names them as a front end does. */
  readonly text: Message;
  /** The keys of the parameters the message names, in order (empty when it names none). */
  readonly params: readonly string[];
  /** The first of {@link params}: the parameter the error is about, e.g. `batch`. */
  readonly param: string | undefined;

  constructor(
    message: string | Message,
    readonly kind: UserErrorKind = 'input',
  ) {
    const text = typeof message === 'string' ? new Message([message]) : message;
    super(text.render());
    this.text = text;
    this.params = text.params;
    this.param = this.params[0];
  }
}

/** True for a {@link UserError}, also across module copies. */
export function isUserError(error: unknown): error is UserError {
  return error instanceof Error && error.name === 'UserError' && 'kind' in error;
}
