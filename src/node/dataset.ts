// Where the command line's images come from: a CSV with a `filename` column (paths relative to the CSV's
// folder, as the CLIP-based detection paper's tools expect), a folder, or files; and, for training, a
// labelled folder: one sub-folder per class, or GenImage's `<generator>/{train,val}/{ai,nature}` layout.
import { readdir, stat } from 'node:fs/promises';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { readCsv } from './csv';
import { REAL } from '../engine/types';

/** Extensions taken from a folder; files given one by one, or listed in a CSV, are all taken. */
const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.jfif', '.png', '.gif', '.webp', '.bmp', '.tif', '.tiff', '.avif', '.heic']);

export interface ImageItem {
  /** As written in the output: the CSV's own value, or the path relative to the folder given. */
  name: string;
  path: string;
}

export async function imagesInFolder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.') && IMAGE_EXTENSIONS.has(extname(e.name).toLowerCase()))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

export async function itemsFromCsv(csvPath: string): Promise<ImageItem[]> {
  const { rows } = readCsv(csvPath, ['filename']);
  const base = dirname(resolve(csvPath));
  return rows.map((row) => ({ name: row.filename!, path: resolve(base, row.filename!) }));
}

/** Each argument is a folder (its images, named relative to it) or a file (named as given). */
export async function itemsFromPaths(paths: string[]): Promise<ImageItem[]> {
  const items: ImageItem[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => undefined);
    if (info?.isDirectory()) {
      for (const file of await imagesInFolder(p)) items.push({ name: relative(p, file), path: file });
    } else {
      // A missing file still becomes a row: it gets an error verdict like any unreadable image.
      items.push({ name: p, path: resolve(p) });
    }
  }
  return items;
}

export interface LabelledImage {
  path: string;
  /** The class name: `real` or a generator. */
  label: string;
}

export interface LabelledData {
  layout: 'genimage' | 'class-folders';
  train: LabelledImage[];
  validation: LabelledImage[];
}

async function isDirectory(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined))?.isDirectory() ?? false;
}

async function subfolders(p: string): Promise<string[]> {
  return (await readdir(p, { withFileTypes: true }))
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

async function labelled(folder: string, label: string): Promise<LabelledImage[]> {
  return (await imagesInFolder(folder)).map((path) => ({ path, label }));
}

/**
 * GenImage: every generator folder holds `train/` and `val/`, each with `ai/` (that generator's images) and
 * `nature/` (real photos).
 */
async function readGenImage(root: string, generators: string[]): Promise<LabelledData> {
  const data: LabelledData = { layout: 'genimage', train: [], validation: [] };
  for (const generator of generators) {
    for (const [split, into] of [['train', data.train], ['val', data.validation]] as const) {
      const dir = join(root, generator, split);
      if (!(await isDirectory(dir))) continue;
      into.push(...(await labelled(join(dir, 'ai'), generator).catch(() => [])));
      into.push(...(await labelled(join(dir, 'nature'), REAL).catch(() => [])));
    }
  }
  return data;
}

/** Reads a labelled folder in either layout; `validationRoot` is a second folder of the same layout. */
export async function readLabelledFolder(root: string, validationRoot?: string): Promise<LabelledData> {
  if (!(await isDirectory(root))) throw new Error(`${root} is not a folder`);
  const classes = await subfolders(root);
  const genImage = (await Promise.all(classes.map((c) => isDirectory(join(root, c, 'train'))))).some(Boolean);
  if (genImage) return readGenImage(root, classes);
  const data: LabelledData = { layout: 'class-folders', train: [], validation: [] };
  for (const c of classes) data.train.push(...(await labelled(join(root, c), c)));
  if (validationRoot) {
    for (const c of await subfolders(validationRoot)) data.validation.push(...(await labelled(join(validationRoot, c), c)));
  }
  return data;
}
