// Firefox's background page: the router and, as Firefox has no offscreen documents, the engine host too.
// The one file that joins two contexts: on Firefox the router and the engine host share this page.
// eslint-disable-next-line import-x/no-restricted-paths
import { directEngineLink, startEngineHost } from '../engine-host/start';
import { startBackground } from './start';

startEngineHost({ listen: false });
startBackground(directEngineLink);
