// What the engine host runs on (WebGPU or WASM, and why), which models, and how many encoder runs so far.
import type { Handler } from '../../dispatcher';
import { engine } from '../engine-link';

export const engineStatus: Handler<'background', 'engine.status'> = () => engine().call('engine.status', {});
