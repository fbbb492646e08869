#!/usr/bin/env node
// Thin entry: hand argv to the command runner and exit with its code. It runs the compiled package
// (dist/, made by `npm run build`); in a fresh clone before a build it runs the TypeScript sources through tsx.
const load = async () => {
  try {
    return await import('../dist/src/cli/main.js');
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist')) throw error;
  }
  try {
    const { register } = await import('tsx/esm/api');
    register();
  } catch {
    process.stderr.write('tppbench: the package is not built; run `npm run build`\n');
    process.exit(2);
  }
  return import('../src/cli/main.ts');
};
const cli = await load();
process.exitCode = await cli.run(process.argv.slice(2));
