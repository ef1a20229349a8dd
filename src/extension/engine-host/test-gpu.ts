// Test builds only: lose the WebGPU device on demand, as a driver reset would. The end-to-end test reaches
// this document through the DevTools protocol and calls originlensGpuTest.loseDevice().
import { env } from 'onnxruntime-web';

export function exposeGpuTest(): void {
  Object.assign(globalThis, {
    originlensGpuTest: {
      async loseDevice(): Promise<string> {
        const device = await env.webgpu.device;
        device.destroy();
        return (await device.lost).reason;
      },
    },
  });
}
