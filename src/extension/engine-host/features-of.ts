// The features of an image for enrolment: the cached ones when this encoder saw the bytes before,
// otherwise one encoder run. Enrolment needs no head, so the encoder may be loaded on its own: the
// loaded engine's encoder is reused when it is the same model, else a session is kept for enrolment.
import type { Encoder } from '../../engine/encoder';
import { preprocess } from '../../engine/preprocess';
import type { FeatureSet, RgbImage } from '../../engine/types';
import { db, featuresFor, storeFeatures } from '../shared/db';
import type { BackendChoice } from '../shared/protocol';
import { pickBackend } from './backend';
import { countRun, EngineFault, openEncoder, webgpuProbe } from './engine';

let own: { key: string; encoder: Promise<Encoder> } | undefined;

async function load(encoderId: string, choice: BackendChoice): Promise<Encoder> {
  const model = await db().models.get(encoderId);
  if (!model) throw new EngineFault(`encoder ${encoderId} is not installed`);
  if (model.entry.test && !__ORIGINLENS_TEST_BUILD__) throw new EngineFault(`${model.entry.id} is a test encoder, which only test builds may use`);
  const backend = pickBackend(choice, await webgpuProbe());
  return openEncoder(new Uint8Array(model.bytes), model.entry, backend);
}

function encoderFor(encoderId: string, choice: BackendChoice): Promise<Encoder> {
  const key = `${encoderId}\u0000${choice}`;
  if (own?.key !== key) {
    const previous = own;
    own = { key, encoder: load(encoderId, choice) };
    previous?.encoder.then((e) => e.release()).catch(() => undefined);
  }
  const mine = own;
  return mine.encoder.catch((error: unknown) => {
    if (own === mine) own = undefined;
    throw error;
  });
}

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
