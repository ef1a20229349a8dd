#!/usr/bin/python3
"""Makes reference CLIP vision towers with random weights, in the layouts people download, and what
PyTorch computes with them, for the converter's parity tests.

  /usr/bin/python3 build/make-clip-references.py OUT_DIR [--config b16|l14-336|tiny] [--layers N]

The towers are written in plain PyTorch with each family's exact module names:
- OpenAI's (`visual.conv1`, `visual.transformer.resblocks.I.attn` an nn.MultiheadAttention, QuickGELU),
  saved as a TorchScript archive with float16 weights, as openai/CLIP publishes them (openai.pt);
- OpenCLIP's state dict of the same module names, GELU (open_clip_pytorch_model.bin, a PyTorch zip, and
  open_clip_model.safetensors);
- transformers' CLIPVisionModelWithProjection names (`vision_model.encoder.layers.I.self_attn.q_proj`),
  QuickGELU, as transformers' state dict (pytorch_model.bin, with its config.json), and the same model
  exported with torch.onnx.export the way transformers.js exports are made (transformers.onnx).
Layer norms and biases are random too, so that a misplaced tensor cannot go unnoticed. For each model,
<name>.input.f32 (N x 3 x S x S) and <name>.{image_embeds,pooled,class_tokens}.f32 hold PyTorch's float32
outputs, and references.json describes them. Needs Debian's python3-torch (build/ensure-python.ts).
"""

import argparse
import json
import os
import struct
from collections import OrderedDict

import torch
from torch import nn

CONFIGS = {
    'tiny': dict(width=128, heads=2, patch=32, size=224, embed=64, layers=3),
    'b16': dict(width=768, heads=12, patch=16, size=224, embed=512, layers=2),
    'l14-336': dict(width=1024, heads=16, patch=14, size=336, embed=768, layers=1),
}


class QuickGELU(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(1.702 * x)


def activation(kind):
    return QuickGELU() if kind == 'quickgelu' else nn.GELU()


class ResidualAttentionBlock(nn.Module):
    def __init__(self, width, heads, act):
        super().__init__()
        self.attn = nn.MultiheadAttention(width, heads)
        self.ln_1 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(OrderedDict([('c_fc', nn.Linear(width, width * 4)), ('gelu', activation(act)), ('c_proj', nn.Linear(width * 4, width))]))
        self.ln_2 = nn.LayerNorm(width)

    def forward(self, x):
        h = self.ln_1(x)
        x = x + self.attn(h, h, h, need_weights=False)[0]
        return x + self.mlp(self.ln_2(x))


class Transformer(nn.Module):
    def __init__(self, width, layers, heads, act):
        super().__init__()
        self.resblocks = nn.Sequential(*[ResidualAttentionBlock(width, heads, act) for _ in range(layers)])


class VisionTransformer(nn.Module):
    """OpenAI's and OpenCLIP's names."""

    def __init__(self, c, act):
        super().__init__()
        w = c['width']
        self.conv1 = nn.Conv2d(3, w, kernel_size=c['patch'], stride=c['patch'], bias=False)
        self.class_embedding = nn.Parameter(torch.randn(w))
        self.positional_embedding = nn.Parameter(0.1 * torch.randn((c['size'] // c['patch']) ** 2 + 1, w))
        self.ln_pre = nn.LayerNorm(w)
        self.transformer = Transformer(w, c['layers'], c['heads'], act)
        self.ln_post = nn.LayerNorm(w)
        self.proj = nn.Parameter(torch.randn(w, c['embed']) / w ** 0.5)

    def forward(self, pixels):
        x = self.conv1(pixels).flatten(2).transpose(1, 2)
        cls = self.class_embedding.to(x.dtype).expand(x.shape[0], 1, -1)
        x = self.ln_pre(torch.cat([cls, x], dim=1) + self.positional_embedding)
        x = x.permute(1, 0, 2)  # tokens first, as OpenAI's blocks take them
        tokens = []
        for block in self.transformer.resblocks:
            x = block(x)
            tokens.append(x[0])
        pooled = self.ln_post(x[0])
        return pooled @ self.proj, pooled, torch.stack(tokens, dim=1)


class OpenAIClip(nn.Module):
    def __init__(self, c, act):
        super().__init__()
        self.visual = VisionTransformer(c, act)

    def forward(self, pixels):
        return self.visual(pixels)


class HFAttention(nn.Module):
    def __init__(self, w, heads):
        super().__init__()
        self.heads, self.scale = heads, (w // heads) ** -0.5
        self.q_proj, self.k_proj, self.v_proj, self.out_proj = (nn.Linear(w, w) for _ in range(4))

    def forward(self, x):
        n, t, w = x.shape
        split = lambda y: y.reshape(n, t, self.heads, w // self.heads).transpose(1, 2)
        q, k, v = split(self.q_proj(x) * self.scale), split(self.k_proj(x)), split(self.v_proj(x))
        context = torch.softmax(q @ k.transpose(-1, -2), dim=-1) @ v
        return self.out_proj(context.transpose(1, 2).reshape(n, t, w))


class HFMLP(nn.Module):
    def __init__(self, w, act):
        super().__init__()
        self.activation_fn = activation(act)
        self.fc1, self.fc2 = nn.Linear(w, 4 * w), nn.Linear(4 * w, w)

    def forward(self, x):
        return self.fc2(self.activation_fn(self.fc1(x)))


class HFLayer(nn.Module):
    def __init__(self, w, heads, act):
        super().__init__()
        self.self_attn, self.layer_norm1 = HFAttention(w, heads), nn.LayerNorm(w)
        self.mlp, self.layer_norm2 = HFMLP(w, act), nn.LayerNorm(w)

    def forward(self, x):
        x = x + self.self_attn(self.layer_norm1(x))
        return x + self.mlp(self.layer_norm2(x))


class HFEncoder(nn.Module):
    def __init__(self, c, act):
        super().__init__()
        self.layers = nn.ModuleList([HFLayer(c['width'], c['heads'], act) for _ in range(c['layers'])])

    def forward(self, x):
        tokens = []
        for layer in self.layers:
            x = layer(x)
            tokens.append(x[:, 0])
        return x, torch.stack(tokens, dim=1)


class HFEmbeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        w, n = c['width'], (c['size'] // c['patch']) ** 2 + 1
        self.class_embedding = nn.Parameter(torch.randn(w))
        self.patch_embedding = nn.Conv2d(3, w, kernel_size=c['patch'], stride=c['patch'], bias=False)
        self.position_embedding = nn.Embedding(n, w)
        self.register_buffer('position_ids', torch.arange(n).expand((1, -1)))

    def forward(self, pixels):
        x = self.patch_embedding(pixels).flatten(2).transpose(1, 2)
        cls = self.class_embedding.expand(x.shape[0], 1, -1)
        return torch.cat([cls, x], dim=1) + self.position_embedding(self.position_ids)


class HFVisionTransformer(nn.Module):
    def __init__(self, c, act):
        super().__init__()
        self.embeddings, self.pre_layrnorm = HFEmbeddings(c), nn.LayerNorm(c['width'])
        self.encoder, self.post_layernorm = HFEncoder(c, act), nn.LayerNorm(c['width'])

    def forward(self, pixel_values):
        x, tokens = self.encoder(self.pre_layrnorm(self.embeddings(pixel_values)))
        return self.post_layernorm(x[:, 0, :]), tokens


class HFClipVisionWithProjection(nn.Module):
    """transformers' CLIPVisionModelWithProjection names, and its modules' calling structure, so that an
    ONNX export names its nodes as transformers.js exports do (/vision_model/encoder/layers.0/Add_1)."""

    def __init__(self, c, act):
        super().__init__()
        self.vision_model = HFVisionTransformer(c, act)
        self.visual_projection = nn.Linear(c['width'], c['embed'], bias=False)
        self.embeds_only = False

    def forward(self, pixel_values):
        pooled, tokens = self.vision_model(pixel_values)
        embeds = self.visual_projection(pooled)
        return embeds if self.embeds_only else (embeds, pooled, tokens)


def randomize(model, width):
    g = torch.Generator().manual_seed(1234)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith(('class_embedding', 'positional_embedding', 'proj')) and p.dim() != 2 or name.endswith('class_embedding'):
                continue
            if 'ln' in name.split('.')[-2] or 'norm' in name:
                p.copy_((1 if name.endswith('weight') else 0) + 0.1 * torch.randn(p.shape, generator=g))
            elif name.endswith('bias'):
                p.copy_(0.02 * torch.randn(p.shape, generator=g))
            elif name.endswith(('weight', 'in_proj_weight')) and p.dim() >= 2:
                p.copy_(torch.randn(p.shape, generator=g) / (p[0].numel() ** 0.5))


def hf_state_from_openai(sd, c):
    """The same weights under transformers' names."""
    w, out = c['width'], OrderedDict()
    out['vision_model.embeddings.class_embedding'] = sd['visual.class_embedding']
    out['vision_model.embeddings.patch_embedding.weight'] = sd['visual.conv1.weight']
    out['vision_model.embeddings.position_embedding.weight'] = sd['visual.positional_embedding']
    out['vision_model.embeddings.position_ids'] = torch.arange(sd['visual.positional_embedding'].shape[0]).expand((1, -1))
    for k in ('weight', 'bias'):
        out[f'vision_model.pre_layrnorm.{k}'] = sd[f'visual.ln_pre.{k}']
        out[f'vision_model.post_layernorm.{k}'] = sd[f'visual.ln_post.{k}']
    for i in range(c['layers']):
        a, b = f'visual.transformer.resblocks.{i}.', f'vision_model.encoder.layers.{i}.'
        for j, part in enumerate('qkv'):
            out[f'{b}self_attn.{part}_proj.weight'] = sd[a + 'attn.in_proj_weight'][j * w:(j + 1) * w]
            out[f'{b}self_attn.{part}_proj.bias'] = sd[a + 'attn.in_proj_bias'][j * w:(j + 1) * w]
        for k in ('weight', 'bias'):
            out[f'{b}self_attn.out_proj.{k}'] = sd[f'{a}attn.out_proj.{k}']
            out[f'{b}layer_norm1.{k}'] = sd[f'{a}ln_1.{k}']
            out[f'{b}layer_norm2.{k}'] = sd[f'{a}ln_2.{k}']
            out[f'{b}mlp.fc1.{k}'] = sd[f'{a}mlp.c_fc.{k}']
            out[f'{b}mlp.fc2.{k}'] = sd[f'{a}mlp.c_proj.{k}']
    out['visual_projection.weight'] = sd['visual.proj'].t().contiguous()
    return out


def write_safetensors(path, sd):
    header, blobs, at = {'__metadata__': {'format': 'pt'}}, [], 0
    for name, t in sd.items():
        raw = t.detach().contiguous().to(torch.float32).numpy().tobytes()
        header[name] = {'dtype': 'F32', 'shape': list(t.shape), 'data_offsets': [at, at + len(raw)]}
        blobs.append(raw)
        at += len(raw)
    text = json.dumps(header, separators=(',', ':')).encode()
    text += b' ' * (-len(text) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)) + text + b''.join(blobs))


def save_outputs(out, name, pixels, outputs, record):
    pixels.numpy().astype('<f4').tofile(os.path.join(out, f'{name}.input.f32'))
    shapes = {}
    for key, value in zip(('image_embeds', 'pooled', 'class_tokens'), outputs):
        value.detach().numpy().astype('<f4').tofile(os.path.join(out, f'{name}.{key}.f32'))
        shapes[key] = list(value.shape)
    record['outputs'] = shapes


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('out')
    parser.add_argument('--config', default='b16', choices=sorted(CONFIGS))
    parser.add_argument('--layers', type=int)
    parser.add_argument('--images', type=int, default=2)
    parser.add_argument('--only', default='openai,openclip,transformers')
    args = parser.parse_args()
    c = dict(CONFIGS[args.config])
    if args.layers:
        c['layers'] = args.layers
    os.makedirs(args.out, exist_ok=True)
    torch.manual_seed(5)
    pixels = torch.randn(args.images, 3, c['size'], c['size'])
    only = args.only.split(',')
    refs = {}

    for act, kind in (('quickgelu', 'openai'), ('gelu', 'openclip')):
        if kind not in only:
            continue
        model = OpenAIClip(c, act).eval()
        randomize(model, c['width'])
        if kind == 'openai':
            # OpenAI publishes float16 weights: the reference computes with exactly those values.
            model = model.half().float()
        with torch.no_grad():
            outputs = model(pixels)
        record = {'config': args.config, 'activation': act, **c}
        if kind == 'openai':
            traced = torch.jit.trace(model, pixels[:1])
            traced.half()
            traced.save(os.path.join(args.out, 'openai.pt'))
            record['files'] = ['openai.pt']
        else:
            sd = model.state_dict()
            torch.save(sd, os.path.join(args.out, 'open_clip_pytorch_model.bin'))
            write_safetensors(os.path.join(args.out, 'open_clip_model.safetensors'), sd)
            record['files'] = ['open_clip_pytorch_model.bin', 'open_clip_model.safetensors']
        save_outputs(args.out, kind, pixels, outputs, record)
        refs[kind] = record

    if 'transformers' in only:
        source = OpenAIClip(c, 'quickgelu').eval()
        randomize(source, c['width'])
        hf = HFClipVisionWithProjection(c, 'quickgelu').eval()
        hf.load_state_dict(hf_state_from_openai(source.state_dict(), c))
        with torch.no_grad():
            outputs = hf(pixels)
            check = source(pixels)
        # The two families' code agrees on the same weights: the references are not one implementation's quirk.
        for a, b in zip(outputs, check):
            assert torch.allclose(a, b, atol=1e-4, rtol=1e-4), float((a - b).abs().max())
        torch.save(hf.state_dict(), os.path.join(args.out, 'pytorch_model.bin'))
        with open(os.path.join(args.out, 'config.json'), 'w') as f:
            json.dump({'architectures': ['CLIPVisionModelWithProjection'], 'vision_config': {'hidden_act': 'quick_gelu', 'hidden_size': c['width'], 'num_attention_heads': c['heads'], 'num_hidden_layers': c['layers'], 'patch_size': c['patch'], 'image_size': c['size'], 'projection_dim': c['embed']}}, f)

        # As transformers.js exports are made: the model itself, its one output image_embeds.
        hf.embeds_only = True
        torch.onnx.export(hf, pixels[:1], os.path.join(args.out, 'transformers.onnx'), input_names=['pixel_values'], output_names=['image_embeds'],
                          dynamic_axes={'pixel_values': {0: 'batch_size'}, 'image_embeds': {0: 'batch_size'}}, opset_version=14, do_constant_folding=True)
        record = {'config': args.config, 'activation': 'quickgelu', **c, 'files': ['pytorch_model.bin', 'config.json', 'transformers.onnx']}
        save_outputs(args.out, 'transformers', pixels, outputs, record)
        refs['transformers'] = record

    with open(os.path.join(args.out, 'references.json'), 'w') as f:
        json.dump(refs, f, indent=1)


if __name__ == '__main__':
    main()
