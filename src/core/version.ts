import pkg from '../../package.json' with { type: 'json' };

/** The tool version recorded in manifests and reports. */
export const TOOL_VERSION: string = pkg.version;
