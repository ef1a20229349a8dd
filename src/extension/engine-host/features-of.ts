// The features of an image for enrolment: the cached ones when this encoder saw the bytes before,
// otherwise one encoder run. Enrolment needs no head: it takes the engine host's one encoder session
// (engine.ts), the same that attribution runs on.
import { preprocess } from '../../engine/preprocess';
import type { FeatureSet, RgbImage } from '../../engine/types';
import { featuresFor, storeFeatures } from '../shared/db';
import type { BackendChoice } from '../shared/protocol';
import { countRun, encoderFor, EngineFault } from './engine';

export async function featuresOf(hash: string, image: RgbImage, encoderId: string, choice: BackendChoice, cacheMaxVerdicts: number): Promise<FeatureSet> {
  const cached = await featuresFor(hash, encoderId);
  if (cached) return cached;
  const encoder = await encoderFor(encoderId, choice);
  const [features] = await encoder.encode([preprocess(image, encoder.entry.input)]);
  countRun(1);
  if (!features) throw new EngineFault('the encoder returned nothing');
  await storeFeatures(hash, encoderId, features, cacheMaxVerdicts);
  return features;
}
