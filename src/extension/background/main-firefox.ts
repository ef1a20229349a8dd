// Firefox's background page: the router and, as Firefox has no offscreen documents, the engine host too.
import { directEngineLink, startEngineHost } from '../engine-host/start';
import { startBackground } from './start';

startEngineHost({ listen: false });
startBackground(directEngineLink);
