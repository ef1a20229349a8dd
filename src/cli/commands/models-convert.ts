// `originlens models convert`: a CLIP checkpoint to an ONNX encoder with every output, saying aloud what
// it read from the file and what it chose (the activation above all, which no tensor shows).
import { existsSync } from 'node:fs';
import { CheckpointError } from '../../engine/checkpoint';
import { WEIGHT_FORMATS, type WeightFormatName } from '../../engine/onnx/weight-formats';
import { CliError, UsageError } from '../../node/cli-error';
import { convertCheckpointFile } from '../../node/convert-checkpoint';

export interface ConvertFlags {
  out?: string;
  weights?: string;
  activation?: string;
  heads?: string;
  id?: string;
}

export async function convert(source: string, flags: ConvertFlags, help: string): Promise<number> {
  if (!flags.out) throw new UsageError(`models convert needs --out ENCODER.onnx\n${help}`);
  if (!flags.out.toLowerCase().endsWith('.onnx')) throw new UsageError(`--out should name an .onnx file, not "${flags.out}"`);
  const weights = flags.weights ?? 'float32';
  if (!Object.hasOwn(WEIGHT_FORMATS, weights)) throw new UsageError(`--weights is one of ${Object.keys(WEIGHT_FORMATS).join(', ')}, not "${weights}"`);
  if (flags.activation !== undefined && flags.activation !== 'quickgelu' && flags.activation !== 'gelu') {
    throw new UsageError(`--activation is quickgelu or gelu, not "${flags.activation}"`);
  }
  const heads = flags.heads === undefined ? undefined : Number(flags.heads);
  if (heads !== undefined && (!Number.isInteger(heads) || heads <= 0)) throw new UsageError(`--heads is a positive whole number, not "${flags.heads}"`);
  if (!existsSync(source)) throw new CliError(`${source}: no such file`);
  const started = performance.now();
  try {
    const result = await convertCheckpointFile(source, {
      out: flags.out,
      weights: weights as WeightFormatName,
      activation: flags.activation as 'quickgelu' | 'gelu' | undefined,
      heads,
      id: flags.id,
      onPlan(plan) {
        const a = plan.architecture;
        process.stdout.write(
          `Read ${plan.format === 'torchscript' ? 'a TorchScript archive' : plan.format === 'safetensors' ? 'a safetensors file' : 'a PyTorch checkpoint'} with ${plan.layout === 'openai' ? "OpenAI's/OpenCLIP's" : "transformers'"} names: ` +
            `width ${a.width}, ${a.layers} blocks, patch ${a.patch}, ${a.imageSize} × ${a.imageSize} pixels, embedding ${a.embedDim}.\n` +
            `Heads: ${plan.headsReason}.\nActivation: ${plan.activation.reason}.\nWriting ${weights} weights to ${flags.out} ...\n`,
        );
      },
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `Wrote ${flags.out} (${result.bytes} bytes, SHA-256 ${result.entry.sha256}) and ${result.entryPath} in ${seconds} s.\n` +
        `Outputs: image_embeds [N, ${result.architecture.embedDim}], pooled [N, ${result.architecture.width}], class_tokens [N, ${result.architecture.layers}, ${result.architecture.width}].\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof CheckpointError) throw new CliError(`${source}: ${err.message}`);
    throw err;
  }
}
