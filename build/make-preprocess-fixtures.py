#!/usr/bin/python3
"""Makes the image fixtures and the golden preprocessing outputs that the engine's tests compare with.

The reference is CLIP's own transform as it runs on a PIL image: Resize(224, BICUBIC) of the shorter side,
CenterCrop(224). Before it, the conversions that OriginLens documents for every decoder (and that PIL does
not do by itself) are applied here explicitly, the same way the TypeScript decoders do them:

- EXIF orientation: ImageOps.exif_transpose.
- Alpha: flattened onto white, out = round(a*c/255 + (255 - a)), in integers.
- 16-bit samples: round(v / 257). PIL itself truncates 16-bit RGB to the high byte and clips 16-bit grey,
  so the goldens of 16-bit fixtures start from the 16-bit arrays this script wrote.
- Animated images: the first frame.

Sampling layouts, RGB, restart markers and arithmetic coding that PIL cannot write are made with
libjpeg-turbo's cjpeg (Debian's libjpeg-turbo-progs), the library PIL decodes them with.

Fixtures go to test/fixtures/images/, goldens (224x224 RGB PNG, same base name) to test/fixtures/golden/.
Everything is procedural and deterministic. Run it with Debian's Python: /usr/bin/python3; it installs
python3-pil, python3-numpy and libjpeg-turbo-progs with apt-get when they are missing.
"""

import io
import os
import struct
import subprocess
import sys
import zlib

PY = '/usr/bin/python3'
if os.path.realpath(sys.executable) != os.path.realpath(PY) and os.path.exists(PY):
    # Another python3 may come first on PATH; Debian's is the one python3-pil installs into.
    os.execv(PY, [PY] + sys.argv)


def ensure_packages():
    try:
        import numpy  # noqa: F401
        import PIL  # noqa: F401
        have_modules = True
    except ImportError:
        have_modules = False
    if not have_modules or not os.path.exists('/usr/bin/cjpeg'):
        env = dict(os.environ, DEBIAN_FRONTEND='noninteractive')
        subprocess.run(['apt-get', 'update'], check=True, env=env)
        subprocess.run(['apt-get', 'install', '-y', 'python3-pil', 'python3-numpy', 'libjpeg-turbo-progs'],
                       check=True, env=env)


ensure_packages()

import numpy as np  # noqa: E402
from PIL import Image, ImageOps, features  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IMAGES = os.path.join(ROOT, 'test', 'fixtures', 'images')
GOLDEN = os.path.join(ROOT, 'test', 'fixtures', 'golden')
SIZE = 224


# ---------------------------------------------------------------------------------------------------------
# Pictures. Smooth gradients plus sharp edges, fine stripes and a checkerboard, so that the resampler's
# antialiasing and rounding both show; structured enough to stay small as PNG.


def pattern(w, h, seed=0, band=True):
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    # Flat blocks with hard edges (cheap to store, and edges are where resamplers differ) ...
    rng = np.random.default_rng(seed)
    colours = rng.integers(0, 256, size=(4, 5, 3)).astype(np.float64)
    img = colours[np.minimum(y * 4 // h, 3).astype(int), np.minimum(x * 5 // w, 4).astype(int)]
    # ... a band of smooth gradients (rounding shows there) ...
    band = y < (h * 0.15 if band else 0)
    img[band, 0] = (127.5 + 127.5 * np.sin(x / max(w, 1) * 7.0 + seed))[band]
    img[band, 1] = ((x + y) * 255.0 / max(w + h - 2, 1))[band]
    img[band, 2] = (128.0 + 100.0 * np.cos(y / max(h, 1) * 11.0 + seed))[band]
    # ... a disc, fine stripes (periods 2 and 3 pixels: aliasing shows at once) and a checkerboard.
    cx, cy, rad = w * 0.62, h * 0.45, min(w, h) * 0.2
    img[(x - cx) ** 2 + (y - cy) ** 2 < rad ** 2] = [250, 30 + seed * 20 % 200, 60]
    band_y = (y > h * 0.75) & (y < h * 0.85)
    img[band_y & (x % 3 == 0)] = [0, 0, 0]
    band_x = (x > w * 0.1) & (x < w * 0.2) & (y > h * 0.3)
    img[band_x & (y % 2 == 0)] = [255, 255, 255]
    board = (x > w * 0.7) & (x < w * 0.9) & (y > h * 0.6) & (y < h * 0.95)
    img[board] = np.where((((x // 8) + (y // 8)) % 2 == 0)[board][:, None], 40.0, 215.0)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def corners(w, h):
    """An upright picture whose corners say which way up it is: red top-left, green top-right,
    blue bottom-left, yellow bottom-right, on a soft gradient."""
    img = pattern(w, h, seed=3, band=False)
    s = min(w, h) // 4
    img[:s, :s] = [230, 20, 20]
    img[:s, -s:] = [20, 200, 20]
    img[-s:, :s] = [20, 20, 230]
    img[-s:, -s:] = [240, 230, 20]
    return img


def alpha_ramp(w, h):
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    a = 255.0 * x / max(w - 1, 1)
    a[(y // 16) % 4 == 0] = 0  # fully transparent rows
    a[(y // 16) % 4 == 2] = 255  # fully opaque rows
    return np.rint(a).astype(np.uint8)


# ---------------------------------------------------------------------------------------------------------
# The documented conversions, in integers so there is no rounding tie to disagree on.


def flatten_white(rgb, a):
    c = rgb.astype(np.int64)
    a = a.astype(np.int64)[..., None] if rgb.ndim == 3 else a.astype(np.int64)
    num = a * c + 255 * (255 - a)
    return ((2 * num + 255) // 510).astype(np.uint8)


def to8(v16):
    return ((v16.astype(np.int64) * 2 + 257) // 514).astype(np.uint8)


def clip_resize_crop(im):
    """CLIP's Resize(SIZE, BICUBIC) + CenterCrop(SIZE) exactly as torchvision computes them for PIL."""
    w, h = im.size
    short, long = (w, h) if w <= h else (h, w)
    new_short, new_long = SIZE, int(SIZE * long / short)
    new_w, new_h = (new_short, new_long) if w <= h else (new_long, new_short)
    if (new_w, new_h) != (w, h):
        im = im.resize((new_w, new_h), Image.BICUBIC)
    top = int(round((new_h - SIZE) / 2.0))
    left = int(round((new_w - SIZE) / 2.0))
    return im.crop((left, top, left + SIZE, top + SIZE))


def rgb_from_pil(im):
    """A decoded PIL image to 8-bit RGB, flattening any alpha onto white."""
    im = ImageOps.exif_transpose(im)
    has_alpha = im.mode in ('RGBA', 'LA', 'PA') or (im.mode in ('P', 'L', 'RGB') and 'transparency' in im.info)
    if has_alpha:
        rgba = np.asarray(im.convert('RGBA'))
        return Image.fromarray(flatten_white(rgba[..., :3], rgba[..., 3]), 'RGB')
    return im.convert('RGB')


# ---------------------------------------------------------------------------------------------------------
# A minimal PNG writer for what PIL cannot write: 16-bit RGB(A) and Adam7 interlacing.


def png_chunk(kind, data):
    body = kind + data
    return struct.pack('>I', len(data)) + body + struct.pack('>I', zlib.crc32(body) & 0xFFFFFFFF)


def write_png(path, arr, bit_depth, color_type, interlace=False):
    h, w = arr.shape[:2]
    if bit_depth == 16:
        raw = arr.astype('>u2')
    else:
        raw = arr.astype(np.uint8)
    if raw.ndim == 2:
        raw = raw[..., None]

    def scanlines(sub):
        return b''.join(b'\x00' + sub[row].tobytes() for row in range(sub.shape[0]))

    if interlace:
        passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
        data = b''.join(scanlines(raw[y0::dy, x0::dx]) for x0, y0, dx, dy in passes if raw[y0::dy, x0::dx].size)
    else:
        data = scanlines(raw)
    ihdr = struct.pack('>IIBBBBB', w, h, bit_depth, color_type, 0, 0, 1 if interlace else 0)
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' + png_chunk(b'IHDR', ihdr) + png_chunk(b'IDAT', zlib.compress(data, 9))
                + png_chunk(b'IEND', b''))


# ---------------------------------------------------------------------------------------------------------


def save_golden(name, rgb_im):
    path = os.path.join(GOLDEN, os.path.splitext(name)[0] + '.png')
    assert path not in written, f'two fixtures would share the golden {path}'
    written.add(path)
    out = clip_resize_crop(rgb_im)
    assert out.size == (SIZE, SIZE) and out.mode == 'RGB'
    out.save(path, optimize=True)


written = set()


def from_file(name):
    with Image.open(os.path.join(IMAGES, name)) as im:
        im.load()
        return rgb_from_pil(im)


def cjpeg(name, im, *args, golden=True):
    ppm = os.path.join(IMAGES, name + '.ppm')
    im.save(ppm)
    try:
        subprocess.run(['/usr/bin/cjpeg', *args, '-outfile', os.path.join(IMAGES, name), ppm], check=True)
    finally:
        os.remove(ppm)
    if golden:
        save_golden(name, from_file(name))


def exif_bytes(orientation):
    exif = Image.Exif()
    exif[0x0112] = orientation
    return exif.tobytes()


# exif_transpose's method for each orientation; the stored picture is the upright one put through the
# inverse, so that after exif_transpose every orientation fixture shows `corners` upright.
INVERSE = {
    2: Image.FLIP_LEFT_RIGHT,
    3: Image.ROTATE_180,
    4: Image.FLIP_TOP_BOTTOM,
    5: Image.TRANSPOSE,
    6: Image.ROTATE_90,  # exif_transpose applies ROTATE_270
    7: Image.TRANSVERSE,
    8: Image.ROTATE_270,  # exif_transpose applies ROTATE_90
}


def main():
    os.makedirs(IMAGES, exist_ok=True)
    os.makedirs(GOLDEN, exist_ok=True)

    # Lossless 8-bit RGB at the sizes and aspect ratios that exercise the resize and the crop.
    for w, h in [(640, 480), (300, 900), (224, 224), (100, 60), (1000, 250), (333, 517), (225, 301)]:
        name = f'rgb-{w}x{h}.png'
        Image.fromarray(pattern(w, h, seed=w % 7), 'RGB').save(os.path.join(IMAGES, name), optimize=True)
        save_golden(name, from_file(name))

    # RGBA: partial, full and no transparency.
    rgb, a = pattern(320, 240, seed=1), alpha_ramp(320, 240)
    Image.fromarray(np.dstack([rgb, a]), 'RGBA').save(os.path.join(IMAGES, 'rgba-320x240.png'), optimize=True)
    save_golden('rgba-320x240.png', Image.fromarray(flatten_white(rgb, a), 'RGB'))
    assert np.array_equal(np.asarray(from_file('rgba-320x240.png')), flatten_white(rgb, a))

    # Greyscale, grey + alpha, 1-bit.
    grey = pattern(257, 191, seed=2)[..., 1]
    Image.fromarray(grey, 'L').save(os.path.join(IMAGES, 'grey-257x191.png'), optimize=True)
    save_golden('grey-257x191.png', from_file('grey-257x191.png'))

    la_grey, la_a = pattern(150, 200, seed=4)[..., 0], alpha_ramp(150, 200)
    Image.fromarray(np.dstack([la_grey, la_a]), 'LA').save(os.path.join(IMAGES, 'greyalpha-150x200.png'))
    save_golden('greyalpha-150x200.png', from_file('greyalpha-150x200.png'))

    bilevel = pattern(97, 61, seed=5)[..., 2] > 128
    Image.fromarray(bilevel).convert('1').save(os.path.join(IMAGES, 'bilevel-97x61.png'))
    save_golden('bilevel-97x61.png', from_file('bilevel-97x61.png'))

    # Palette with per-entry alpha (tRNS).
    pal_src = Image.fromarray(pattern(250, 250, seed=6), 'RGB').quantize(colors=32, dither=Image.Dither.NONE)
    pal_idx = np.asarray(pal_src).copy()
    pal_idx[100:150, :] = 31  # a band of the transparent entry
    pal_im = Image.fromarray(pal_idx, 'P')
    palette = pal_src.getpalette()[: 32 * 3]
    pal_im.putpalette(palette)
    alphas = bytes([255] * 24 + [200, 160, 120, 80, 40, 20, 10, 0])
    pal_im.save(os.path.join(IMAGES, 'palette-250x250.png'), transparency=alphas)
    save_golden('palette-250x250.png', from_file('palette-250x250.png'))

    # 16-bit: the golden starts from the arrays written, rounded with round(v / 257).
    yy, xx = np.mgrid[0:72, 0:96]
    rgb16 = np.stack([xx * 65535 // 95, yy * 65535 // 71, (xx * 131 + yy * 171) % 65536], axis=-1).astype(np.uint16)
    # Values on either side of a rounding boundary: 128.5 * 257 = 33024.5.
    rgb16[20:30, 10:40] = [33024, 33025, 65535 - 128]
    write_png(os.path.join(IMAGES, 'rgb16-96x72.png'), rgb16, 16, 2)
    save_golden('rgb16-96x72.png', Image.fromarray(to8(rgb16), 'RGB'))
    with Image.open(os.path.join(IMAGES, 'rgb16-96x72.png')) as check:  # PIL reads the high bytes
        assert np.array_equal(np.asarray(check.convert('RGB')), (rgb16 >> 8).astype(np.uint8))

    g16 = ((yy[:60, :80] * 431 + xx[:60, :80] * 97) % 65536).astype(np.uint16)
    write_png(os.path.join(IMAGES, 'grey16-80x60.png'), g16, 16, 0)
    save_golden('grey16-80x60.png', Image.fromarray(np.repeat(to8(g16)[..., None], 3, axis=2), 'RGB'))

    alpha16 = (alpha_ramp(64, 48).astype(np.int64) * 257 + 100).clip(0, 65535).astype(np.uint16)
    rgba16 = np.dstack([rgb16[:48, :64], alpha16])
    write_png(os.path.join(IMAGES, 'rgba16-64x48.png'), rgba16, 16, 6)
    save_golden('rgba16-64x48.png', Image.fromarray(flatten_white(to8(rgba16[..., :3]), to8(rgba16[..., 3])), 'RGB'))

    # Adam7-interlaced 8-bit RGB.
    inter = pattern(97, 61, seed=2)
    write_png(os.path.join(IMAGES, 'interlaced-97x61.png'), inter, 8, 2, interlace=True)
    save_golden('interlaced-97x61.png', Image.fromarray(inter, 'RGB'))
    assert np.array_equal(np.asarray(from_file('interlaced-97x61.png')), inter)

    # JPEG: baseline 4:2:0, baseline 4:4:4, progressive 4:2:0, greyscale, CMYK (PIL writes Adobe-inverted).
    def save_jpeg(name, im, **kw):
        im.save(os.path.join(IMAGES, name), **kw)
        save_golden(name, from_file(name))

    photo = Image.fromarray(pattern(480, 360, seed=1), 'RGB')
    save_jpeg('baseline420-480x360.jpg', photo, quality=90, subsampling=2)
    save_jpeg('baseline444-240x180.jpg', Image.fromarray(pattern(240, 180, seed=1, band=False), 'RGB'), quality=90,
              subsampling=0)
    save_jpeg('baseline422-301x203.jpg', Image.fromarray(pattern(301, 203, seed=4, band=False), 'RGB'), quality=85,
              subsampling=1)
    save_jpeg('progressive-360x480.jpg', Image.fromarray(pattern(360, 480, seed=5), 'RGB'), quality=90,
              progressive=True, subsampling=2)
    save_jpeg('grey-333x250.jpg', Image.fromarray(pattern(333, 250, seed=2, band=False)[..., 1], 'L'), quality=90)
    save_jpeg('cmyk-240x180.jpg', Image.fromarray(pattern(240, 180, seed=3, band=False), 'RGB').convert('CMYK'),
              quality=95)

    # EXIF orientation 1..8: each shows `corners(240, 160)` upright after exif_transpose.
    upright = Image.fromarray(corners(240, 160), 'RGB')
    for o in range(1, 9):
        stored = upright if o == 1 else upright.transpose(INVERSE[o])
        name = f'orient{o}-240x160.jpg'
        stored.save(os.path.join(IMAGES, name), quality=92, exif=exif_bytes(o))
        if o == 6:  # the others are checked by their size and corners only
            save_golden(name, from_file(name))

    # cjpeg: 4:4:0 (libjpeg-turbo's h1v2 fancy upsampling), 4:1:1 (plain replication), RGB (Adobe
    # transform 0, ids 'R' 'G' 'B'), restart markers, and arithmetic coding (which we refuse).
    # (No gradient band here: its upscaled JPEG noise would make every golden twice the size.)
    small = Image.fromarray(pattern(200, 150, seed=3, band=False), 'RGB')
    cjpeg('sample440-200x150.jpg', small, '-quality', '90', '-sample', '1x2')
    cjpeg('sample411-200x150.jpg', small, '-quality', '90', '-sample', '4x1')
    cjpeg('rgb-200x150.jpg', small, '-quality', '90', '-rgb')
    # Same coefficients as adobe-ycc below (same library, quality and sampling): the test checks that
    # both decode to the same pixels instead of storing a second golden.
    cjpeg('restart-200x150.jpg', small, '-quality', '90', '-restart', '1', golden=False)
    cjpeg('arithmetic-200x150.jpg', small, '-quality', '90', '-arithmetic', golden=False)
    # YCbCr announced by an Adobe segment (transform 1) instead of JFIF, as Photoshop writes it.
    ycc = io.BytesIO()
    small.save(ycc, 'JPEG', quality=90)
    data = ycc.getvalue()
    assert data[2:4] == b'\xff\xe0'  # PIL writes JFIF APP0 first; replace it with Adobe APP14
    app0_end = 4 + struct.unpack('>H', data[4:6])[0]
    adobe = b'\xff\xee' + struct.pack('>H', 14) + b'Adobe' + struct.pack('>HHHB', 100, 0, 0, 1)
    with open(os.path.join(IMAGES, 'adobe-ycc-200x150.jpg'), 'wb') as f:
        f.write(data[:2] + adobe + data[app0_end:])
    save_golden('adobe-ycc-200x150.jpg', from_file('adobe-ycc-200x150.jpg'))

    # GIF: two frames, the first with a transparent palette entry.
    g1 = np.asarray(Image.fromarray(pattern(200, 150, seed=0), 'RGB').quantize(colors=63, dither=Image.Dither.NONE))
    g1 = g1.copy()
    g1[60:90, 20:180] = 63
    gif_pal = Image.fromarray(pattern(200, 150, seed=0), 'RGB').quantize(colors=63, dither=Image.Dither.NONE)
    pal = gif_pal.getpalette()[: 63 * 3] + [0, 255, 0]
    f1 = Image.fromarray(g1, 'P')
    f1.putpalette(pal)
    f2 = Image.fromarray(np.full((150, 200), 5, np.uint8), 'P')
    f2.putpalette(pal)
    f1.save(os.path.join(IMAGES, 'anim-200x150.gif'), save_all=True, append_images=[f2], duration=100, loop=0,
            transparency=63, disposal=2, optimize=False)
    save_golden('anim-200x150.gif', from_file('anim-200x150.gif'))
    with Image.open(os.path.join(IMAGES, 'anim-200x150.gif')) as check:
        assert check.n_frames == 2

    # WebP: lossless with alpha, lossy, lossy with alpha, animated (first frame counts), and EXIF-rotated.
    if not features.check('webp') or not features.check('webp_anim'):
        raise SystemExit('this PIL cannot write WebP')
    wp = pattern(256, 192, seed=4)
    Image.fromarray(np.dstack([wp, alpha_ramp(256, 192)]), 'RGBA').save(
        os.path.join(IMAGES, 'lossless-alpha-256x192.webp'), lossless=True)
    save_golden('lossless-alpha-256x192.webp', from_file('lossless-alpha-256x192.webp'))
    Image.fromarray(pattern(320, 240, seed=6), 'RGB').save(os.path.join(IMAGES, 'lossy-320x240.webp'), quality=80)
    save_golden('lossy-320x240.webp', from_file('lossy-320x240.webp'))
    Image.fromarray(np.dstack([pattern(200, 160, seed=2), alpha_ramp(200, 160)]), 'RGBA').save(
        os.path.join(IMAGES, 'lossy-alpha-200x160.webp'), quality=80)
    save_golden('lossy-alpha-200x160.webp', from_file('lossy-alpha-200x160.webp'))
    a1 = Image.fromarray(np.dstack([pattern(160, 120, seed=1), alpha_ramp(160, 120)]), 'RGBA')
    a2 = Image.fromarray(np.dstack([pattern(160, 120, seed=5), np.full((120, 160), 255, np.uint8)]), 'RGBA')
    a1.save(os.path.join(IMAGES, 'anim-160x120.webp'), save_all=True, append_images=[a2], duration=100, loop=0,
            lossless=True)
    save_golden('anim-160x120.webp', from_file('anim-160x120.webp'))
    with Image.open(os.path.join(IMAGES, 'anim-160x120.webp')) as check:
        assert check.n_frames == 2
    upright.transpose(INVERSE[6]).save(os.path.join(IMAGES, 'exif6-240x160.webp'), lossless=True,
                                       exif=exif_bytes(6))
    save_golden('exif6-240x160.webp', from_file('exif6-240x160.webp'))
    assert from_file('exif6-240x160.webp').size == (240, 160)

    # PNG with an eXIf chunk: PIL's exif_transpose honours it, so the decoder does too.
    upright.transpose(INVERSE[8]).save(os.path.join(IMAGES, 'exif8-240x160.png'), exif=exif_bytes(8))
    save_golden('exif8-240x160.png', from_file('exif8-240x160.png'))
    assert from_file('exif8-240x160.png').size == (240, 160)

    total = sum(os.path.getsize(os.path.join(d, f)) for d in (IMAGES, GOLDEN) for f in os.listdir(d))
    print(f'fixtures and goldens: {total / 1024:.0f} KiB; PIL {Image.__version__}, '
          f'libjpeg {features.version("jpg")}, libwebp {features.version("webp")}')


if __name__ == '__main__':
    main()
