declare const MLOPS_VERSION: string | undefined;

/** The package version, stamped in by the bundler (scripts/build.mjs); "dev" when run unbundled. */
export const version: string = typeof MLOPS_VERSION === 'string' ? MLOPS_VERSION : 'dev';
