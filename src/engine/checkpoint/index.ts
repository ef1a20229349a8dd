// Reading model weights: PyTorch zips (torch.save, TorchScript), safetensors; never running their code.
export { blobSource, bytesSource, type ByteSource } from './byte-source';
export { CheckpointError } from './checkpoint-error';
export { openCheckpoint, type Checkpoint } from './open-checkpoint';
export type { PickleValue } from './pickle';
export type { DType, TensorEntry } from './tensor';
export type { ModuleRecord, TensorRef } from './torch-globals';
