// Procedural image families for tests of learning: each family has its own colour statistics, texture and
// noise spectrum, and every image varies in size, aspect ratio and parameters. They stand in for
// "generators" where no real generator output may be used.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { gaussian, rng } from '../../src/engine/test-support/random';

export const FAMILIES = ['smooth', 'stripes', 'blocks', 'speckle', 'rings'] as const;
export type Family = (typeof FAMILIES)[number];

type Pixel = (x: number, y: number) => [number, number, number];

function painter(family: Family, random: () => number, w: number, h: number): Pixel {
  const gauss = gaussian(random);
  const jitter = () => 0.8 + 0.4 * random();
  switch (family) {
    case 'smooth': {
      // Photo-like: large warm gradients with a little sensor noise.
      const [a, b, c] = [random() * 6, random() * 6, random() * 6];
      return (x, y) => {
        const u = x / w;
        const v = y / h;
        return [180 + 60 * Math.sin(a + u * 2), 120 + 50 * Math.cos(b + v * 2), 80 + 40 * Math.sin(c + (u + v) * 1.5)].map(
          (val) => val + 4 * gauss(),
        ) as [number, number, number];
      };
    }
    case 'stripes': {
      // Periodic, oriented, cool colours: a narrow peak in the spectrum.
      const angle = random() * Math.PI;
      const period = 4 + random() * 6;
      const [cx, cy] = [Math.cos(angle), Math.sin(angle)];
      const s = jitter();
      return (x, y) => {
        const t = 0.5 + 0.5 * Math.sin(((x * cx + y * cy) * 2 * Math.PI) / period);
        return [40 * t * s, 90 + 80 * t, 160 + 90 * t];
      };
    }
    case 'blocks': {
      // Blocky 8-pixel tiles of greens, like the grid artefacts of upsampling.
      const tile = 6 + Math.floor(random() * 6);
      const seed = Math.floor(random() * 1e9);
      return (x, y) => {
        const r = rng(seed + Math.floor(x / tile) * 7919 + Math.floor(y / tile) * 104729)();
        return [30 + 60 * r, 120 + 130 * r, 40 + 50 * (1 - r)];
      };
    }
    case 'speckle': {
      // White noise around saturated magenta: a flat spectrum.
      const level = 50 + random() * 30;
      return () => [200 + level * gauss(), 40 + level * gauss(), 190 + level * gauss()];
    }
    case 'rings': {
      // Hard-edged dark rings on cyan around a random centre: never used for training, the "unknown generator".
      const [cx, cy] = [random() * w, random() * h];
      const period = 6 + random() * 10;
      return (x, y) => {
        const t = Math.cos((Math.hypot(x - cx, y - cy) * 2 * Math.PI) / period) > 0 ? 1 : 0;
        return [10 + 30 * t, 30 + 200 * t, 40 + 200 * t];
      };
    }
  }
}

/** A PNG of the family, different for every seed. */
export function familyImage(family: Family, seed: number): Uint8Array {
  const random = rng(seed * 31 + FAMILIES.indexOf(family));
  const w = 160 + Math.floor(random() * 200);
  const h = 160 + Math.floor(random() * 200);
  const paint = painter(family, random, w, h);
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [r, g, b] = paint(x, y);
      const i = (y * w + x) * 3;
      data[i] = Math.max(0, Math.min(255, Math.round(r)));
      data[i + 1] = Math.max(0, Math.min(255, Math.round(g)));
      data[i + 2] = Math.max(0, Math.min(255, Math.round(b)));
    }
  }
  return encode({ width: w, height: h, data, channels: 3, depth: 8 });
}

/** The four families a head learns ("real" stands for photos) and the fifth it never sees. */
export const KNOWN_FAMILIES: Record<string, Family> = { real: 'smooth', stripes: 'stripes', blocks: 'blocks', speckle: 'speckle' };
export const UNSEEN_FAMILY = { label: 'unseen-rings', family: 'rings' as Family };

/**
 * Writes `train/<label>/<i>.png` for the known families, and `test/` with held-out images of all five and
 * `test/labels.csv` (`filename,typ`, as the CLIP-based detection paper's tools read).
 */
export async function writeFamilyDataset(dir: string, trainPerClass = 20, testPerClass = 15): Promise<{ train: string; labels: string }> {
  for (const [label, family] of Object.entries(KNOWN_FAMILIES)) {
    await mkdir(join(dir, 'train', label), { recursive: true });
    for (let i = 0; i < trainPerClass; i++) await writeFile(join(dir, 'train', label, `${i}.png`), familyImage(family, i));
  }
  await mkdir(join(dir, 'test'), { recursive: true });
  const rows = ['filename,typ'];
  for (const [label, family] of [...Object.entries(KNOWN_FAMILIES), [UNSEEN_FAMILY.label, UNSEEN_FAMILY.family] as const]) {
    for (let i = 1000; i < 1000 + testPerClass; i++) {
      await writeFile(join(dir, 'test', `${label}-${i}.png`), familyImage(family, i));
      rows.push(`${label}-${i}.png,${label}`);
    }
  }
  await writeFile(join(dir, 'test', 'labels.csv'), `${rows.join('\n')}\n`);
  return { train: join(dir, 'train'), labels: join(dir, 'test', 'labels.csv') };
}
