/** The display app the hub serves at `/display/`: routes, configuration, media folder. */
export { createDisplayAppRoutes, DISPLAY_PATH, type DisplayAppOptions, type DisplayAppRoutes } from './routes.js';
export { DisplayAppConfig, LaneConfig, SlideConfig, validateDisplayConfig } from './config-schema.js';
export { DisplayConfigError, readDisplayConfigFile } from './config-file.js';
export { findAssetDir, MissingBuildError } from './assets.js';
export { serveConfig, type ServedConfig } from './served-config.js';
