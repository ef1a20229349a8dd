// What the engine host runs on (WebGPU or WASM, and why), which models, and how many encoder runs so far.
import type { Handler } from '../../shared/dispatcher';
import { engine } from '../../shared/engine-link';

export const engineStatus: Handler<'background', 'engine.status'> = () => engine().call('engine.status', {});
