// Where the command line's images come from: a CSV with a `filename` column (paths relative to the CSV's
// folder, as the CLIP-based detection paper's tools expect), a folder, or files; and, for training, a
// labelled folder: one sub-folder per class, or GenImage's `<generator>/{train,val}/{ai,nature}` layout.
import { readdir, realpath, stat } from 'node:fs/promises';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { CliError } from './cli-error';
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
  const found: string[] = [];
  const seen = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    // Symbolic links are followed (datasets are often laid out with them); a folder reached again, by a
    // loop of links or two links to one place, is read once.
    const real = await realpath(dir);
    if (seen.has(real)) return;
    seen.add(real);
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      const image = IMAGE_EXTENSIONS.has(extname(entry.name).toLowerCase());
      const kind = entry.isSymbolicLink() ? await stat(path).catch(() => undefined) : entry;
      // A dangling link to an image still becomes a row, with its error ("file not found").
      if (!kind) {
        if (image) found.push(path);
      } else if (kind.isDirectory()) await walk(path);
      else if (kind.isFile() && image) found.push(path);
    }
  };
  await walk(folder);
  return found.sort();
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
    } else if (info || IMAGE_EXTENSIONS.has(extname(p).toLowerCase())) {
      // A missing image file still becomes a row: it gets an error verdict like any unreadable image.
      items.push({ name: p, path: resolve(p) });
    } else {
      throw new CliError(`${p}: no such file or folder`, 2);
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
  const entries = (await readdir(p, { withFileTypes: true })).filter((e) => !e.name.startsWith('.'));
  // A link to a folder is a folder: class folders laid out as links are read like any other.
  const folders = await Promise.all(entries.map(async (e) => (e.isDirectory() || (e.isSymbolicLink() && (await isDirectory(join(p, e.name))))) && e.name));
  return folders.filter((n): n is string => typeof n === 'string').sort();
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
  if (!(await isDirectory(root))) throw new CliError(`--data ${root}: ${(await stat(root).catch(() => undefined)) ? 'not a folder' : 'no such folder'}`, 2);
  const classes = await subfolders(root);
  const genImage = (await Promise.all(classes.map((c) => isDirectory(join(root, c, 'train'))))).some(Boolean);
  if (genImage) return readGenImage(root, classes);
  const data: LabelledData = { layout: 'class-folders', train: [], validation: [] };
  for (const c of classes) data.train.push(...(await labelled(join(root, c), c)));
  if (validationRoot) {
    if (!(await isDirectory(validationRoot))) throw new CliError(`--val ${validationRoot}: no such folder`, 2);
    for (const c of await subfolders(validationRoot)) data.validation.push(...(await labelled(join(validationRoot, c), c)));
  }
  return data;
}
