import packageJson from '../../package.json';

/** The version recorded in head packs' provenance and printed by `originlens --version`. */
export const VERSION: string = packageJson.version;
