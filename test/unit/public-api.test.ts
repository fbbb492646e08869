import { expect, it } from 'vitest';
import * as api from '../../src/index.ts';

// The public surface is curated: adding or removing an export is a deliberate change to this list.
it('exports exactly the curated API', () => {
  expect(Object.keys(api).sort()).toMatchSnapshot();
});
