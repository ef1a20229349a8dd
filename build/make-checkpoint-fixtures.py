#!/usr/bin/python3
"""Makes the small checkpoints the checkpoint readers' tests open, and what each must read.

Each file holds the same few tensors, written by PyTorch itself in the layouts OriginLens reads:
- state-dict.pt: torch.save of a dict with float32, float16, bfloat16 and int64 tensors, a view with
  strides (a transpose) and one with a storage offset sharing a storage, and a nested Lightning-style dict;
- torchscript.pt: torch.jit.save of a scripted module (float16 parameters in submodules, as OpenAI's);
- tensors.safetensors: the format's layout, written here by hand (its package is not in Debian);
- expected.json: every tensor's name, shape, dtype and values as float32 lists.
Run with Debian's Python (/usr/bin/python3 with python3-torch); everything is deterministic.
"""

import json
import os
import struct

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'checkpoints')
torch.manual_seed(7)


def values(t):
    return t.detach().to(torch.float32).reshape(-1).tolist()


def describe(named):
    return {name: {'shape': list(t.shape), 'dtype': str(t.dtype).replace('torch.', ''), 'values': values(t)} for name, t in named.items()}


base = torch.arange(12, dtype=torch.float32).reshape(3, 4) / 8
tensors = {
    'weight': torch.randn(4, 3),
    'half': torch.randn(2, 5).half(),
    'bfloat': torch.randn(3).bfloat16(),
    'ids': torch.arange(5, dtype=torch.int64).reshape(1, 5),
    'base': base,
    'transposed': base.t(),
    'row': base[1],
    'scalar': torch.tensor(2.5),
}
state = {'state_dict': {'model.fc.weight': tensors['weight'], 'model.fc.half': tensors['half']}, **tensors, 'epoch': 3, 'name': 'fixture'}
torch.save(state, os.path.join(OUT, 'state-dict.pt'))
expected = {'state-dict.pt': describe({**{f'state_dict.{k}': v for k, v in state['state_dict'].items()}, **tensors})}


class Inner(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.ln = torch.nn.LayerNorm(3)
        self.proj = torch.nn.Parameter(torch.randn(3, 2).half())

    def forward(self, x):
        return self.ln(x) @ self.proj.float()


class Outer(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = Inner()
        self.scale = torch.nn.Parameter(torch.randn(2))

    def forward(self, x):
        return self.inner(x) * self.scale


module = Outer()
with torch.no_grad():
    module.inner.ln.weight.copy_(torch.randn(3))
torch.jit.save(torch.jit.script(module), os.path.join(OUT, 'torchscript.pt'))
expected['torchscript.pt'] = describe(dict(module.state_dict()))

# safetensors: u64 header length, JSON header (sorted names, byte ranges), then the data, little-endian.
st = {'weight': tensors['weight'], 'half': tensors['half'], 'ids': tensors['ids']}
codes = {torch.float32: 'F32', torch.float16: 'F16', torch.int64: 'I64'}
header, blobs, at = {'__metadata__': {'format': 'pt'}}, [], 0
for name in sorted(st):
    raw = st[name].contiguous().numpy().tobytes()
    header[name] = {'dtype': codes[st[name].dtype], 'shape': list(st[name].shape), 'data_offsets': [at, at + len(raw)]}
    blobs.append(raw)
    at += len(raw)
text = json.dumps(header, separators=(',', ':')).encode()
text += b' ' * (-len(text) % 8)
with open(os.path.join(OUT, 'tensors.safetensors'), 'wb') as f:
    f.write(struct.pack('<Q', len(text)) + text + b''.join(blobs))
expected['tensors.safetensors'] = describe(st)

with open(os.path.join(OUT, 'expected.json'), 'w') as f:
    json.dump(expected, f, indent=1)
    f.write('\n')

# The published detector heads (copies in test/fixtures/published-heads/): what PyTorch reads from each,
# as shapes, sums and first values, for the test that OriginLens reads them the same.
HEADS = os.path.join(OUT, '..', 'published-heads')
heads = {}
for name in sorted(os.listdir(HEADS)):
    if not name.endswith(('.pth', '.ckpt')):
        continue
    data = torch.load(os.path.join(HEADS, name), map_location='cpu')
    flat = {}

    def walk(v, path):
        if isinstance(v, torch.Tensor):
            flat[path] = v
        elif isinstance(v, dict):
            for k, x in v.items():
                walk(x, f'{path}.{k}' if path else str(k))

    walk(data, '')
    heads[name] = {k: {'shape': list(t.shape), 'sum': float(t.double().sum()), 'first': values(t)[:8]} for k, t in flat.items()}
with open(os.path.join(HEADS, 'expected.json'), 'w') as f:
    json.dump(heads, f, indent=1)
    f.write('\n')
