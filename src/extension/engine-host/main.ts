// The offscreen document's script (Chrome): the engine host, answering the background's requests.
import { startEngineHost } from './start';

startEngineHost({ listen: true });
