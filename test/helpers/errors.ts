/** The UserError a call throws, as its message and the parameters it names (fails the test otherwise). */
import { isUserError } from '../../src/errors.ts';

export function userErrorOf(run: () => unknown): { message: string; params: readonly string[] } {
  try {
    run();
  } catch (error) {
    if (isUserError(error)) return { message: error.message, params: error.params };
    throw error;
  }
  throw new Error('expected a UserError');
}
