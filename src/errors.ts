/**
 * Errors that cross the library boundary. Inside, failures are data; at the edges they are these.
 * @module
 */

/** Why a command could not run: each maps to exit code 2 in the CLI. */
export type UserErrorKind = 'usage' | 'input' | 'tool';

/**
 * A problem the user can fix (a bad flag, file or field) or a tool that is missing. The message names
 * the flag, file or field and is shown as is, without a stack trace.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    readonly kind: UserErrorKind = 'input',
  ) {
    super(message);
  }
}

/** True for a {@link UserError}, also across module copies. */
export function isUserError(error: unknown): error is UserError {
  return error instanceof Error && error.name === 'UserError' && 'kind' in error;
}
