// Chrome's service worker: the router, with the engine host in an offscreen document.
import { offscreenLink } from './offscreen-link';
import { startBackground } from './start';

startBackground(offscreenLink);
