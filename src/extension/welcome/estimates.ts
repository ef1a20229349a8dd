// Time per image before a detector is installed, from what this project measured (README, "ViT-L/14
// shapes": `npm run bench -- --only encoder-large`, onnxruntime-web on WASM, one image at a time, on a
// 2-core machine). After install the welcome page measures the encoder on this machine instead.
const MEASURED_SECONDS: Record<string, number> = {
  'clip-vit-l14': 5.94,
  'clip-vit-l14-336-openai-float32': 27.5,
  'clip-vit-l14-336-openai-int8': 12.5,
};

/** A sentence on how long one image should take with `encoder`, saying how it was estimated. */
export function estimateSentence(encoder: string): string {
  const seconds = MEASURED_SECONDS[encoder];
  const cores = navigator.hardwareConcurrency;
  if (seconds === undefined) return 'No time per image has been measured for this encoder yet.';
  return (
    `About ${seconds.toFixed(seconds < 10 ? 1 : 0)} s per image, measured for this encoder on a 2-core machine without a GPU; ` +
    `this one has ${cores} cores${cores > 2 ? ', so expect less' : ''}; a GPU (WebGPU) may take less. After install it is measured here.`
  );
}
