#!/usr/bin/python3
"""Goldens for the preprocessing modes other than CLIP's resize + crop (whose goldens
make-preprocess-fixtures.py makes), at 224 and 336, made by Pillow and torchvision's own arithmetic:

- crop: torchvision's CenterCrop(S) on a PIL image (padded with black where the image is smaller, then
  cropped at int(round((h - S) / 2)), int(round((w - S) / 2)));
- squash: PIL's resize((S, S), BICUBIC), Pillow's antialiased bicubic, as the resize + crop mode uses;
- resize-crop at 336: Resize(336, BICUBIC) then CenterCrop(336).

Written to test/fixtures/golden-modes/<fixture>.<mode>-<S>.png. Needs Debian's python3-pil.
"""
import os
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
IMAGES = os.path.join(HERE, '..', 'test', 'fixtures', 'images')
OUT = os.path.join(HERE, '..', 'test', 'fixtures', 'golden-modes')
FIXTURES = ['rgb-640x480.png', 'rgb-300x900.png', 'rgb-100x60.png', 'rgb-225x301.png', 'rgb-333x517.png']


def center_crop(img, s):
    w, h = img.size
    if w < s or h < s:
        pw, ph = max(w, s), max(h, s)
        padded = Image.new('RGB', (pw, ph), (0, 0, 0))
        padded.paste(img, ((pw - w) // 2, (ph - h) // 2))
        img, (w, h) = padded, (pw, ph)
    top, left = int(round((h - s) / 2.0)), int(round((w - s) / 2.0))
    return img.crop((left, top, left + s, top + s))


def resize_crop(img, s):
    w, h = img.size
    short, long = (w, h) if w <= h else (h, w)
    new_long = int(s * long / short)
    size = (s, new_long) if w <= h else (new_long, s)
    return center_crop(img.resize(size, Image.BICUBIC), s)


os.makedirs(OUT, exist_ok=True)
for name in FIXTURES:
    img = Image.open(os.path.join(IMAGES, name)).convert('RGB')
    base = name.rsplit('.', 1)[0]
    for s in (224, 336):
        center_crop(img, s).save(os.path.join(OUT, f'{base}.crop-{s}.png'))
        img.resize((s, s), Image.BICUBIC).save(os.path.join(OUT, f'{base}.squash-{s}.png'))
        if s == 336:
            resize_crop(img, s).save(os.path.join(OUT, f'{base}.resize-crop-{s}.png'))
