// What the engine runs on, and why not on WebGPU when it does not.
import type { EngineStatus } from '../shared/protocol';

export function EngineLine({ engine }: { engine: EngineStatus | undefined }) {
  if (!engine) return null;
  const backend = engine.backend === undefined ? 'not started yet' : engine.backend === 'webgpu' ? 'WebGPU' : 'WebAssembly (WASM)';
  return (
    <p class="small muted" data-testid="engine">
      Engine: {backend}
      {engine.backend === 'webgpu' && engine.adapter !== undefined ? ` on ${engine.adapter}` : ''}
      {engine.backend !== 'webgpu' && engine.webgpuUnavailable !== undefined ? ` — not WebGPU: ${engine.webgpuUnavailable}` : ''}
      {engine.encoder !== undefined ? `. Encoder ${engine.encoder}` : ''}
    </p>
  );
}
