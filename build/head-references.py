"""What the published detector heads compute, in PyTorch, for the parity test of their conversion.

Each head is rebuilt as its authors' module is built (a linear layer, or the clip-cues "orthogonal" head's
projection then its logit layer, with no activation between), its weights loaded from the published file
with torch.load, and run on random features. A checkpoint shaped as the CLIP-based detection paper saves
its heads (their files are public only through Git LFS) is made here with random weights.

Usage: python3 build/head-references.py HEADS_DIR OUT_DIR  (writes OUT_DIR/references.json)
"""
import json
import os
import sys

import torch
from torch import nn

heads_dir, out_dir = sys.argv[1], sys.argv[2]
torch.manual_seed(20261203)


class Orthogonal(nn.Module):
    """The clip-cues head with layer_dims=[8] and non_linear false: a projection, then one logit."""

    def __init__(self, width):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(width, 8)])
        self.to_logits = nn.Linear(8, 1)

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return self.to_logits(x)


def prefixed(state, prefix):
    return {k[len(prefix):]: v for k, v in state.items() if k.startswith(prefix)}


def module_for(name, data):
    if name.startswith('univfd'):
        m = nn.Linear(768, 1)
        m.load_state_dict(data)
        return m, 768, 'none'
    if name.startswith('clipdet'):
        m = nn.Linear(1024, 1)
        m.load_state_dict(prefixed(data['model'], 'fc.'))
        return m, 1024, 'l2'
    state = prefixed(data['state_dict'], 'model.classification_head.')
    if 'fc.weight' in state:
        m = nn.Linear(1024, 1)
        m.load_state_dict(prefixed(state, 'fc.'))
    else:
        m = Orthogonal(1024)
        m.load_state_dict(state)
    return m, 1024, 'none'


files = sorted(f for f in os.listdir(heads_dir) if f.endswith(('.pth', '.ckpt')))
clipdet = os.path.join(out_dir, 'clipdet-made.pth')
fc = nn.Linear(1024, 1)
torch.save({'model': {'fc.weight': fc.weight.detach().clone(), 'fc.bias': fc.bias.detach().clone()}}, clipdet)

out = {}
for name, path in [(f, os.path.join(heads_dir, f)) for f in files] + [('clipdet-made.pth', clipdet)]:
    data = torch.load(path, map_location='cpu')
    module, width, normalize = module_for(name, data)
    features = torch.randn(12, width, dtype=torch.float32)
    with torch.no_grad():
        x = nn.functional.normalize(features, dim=1) if normalize == 'l2' else features
        logits = module(x).reshape(-1)
    out[name] = {'path': path, 'normalize': normalize, 'features': features.tolist(), 'logits': logits.double().tolist()}

with open(os.path.join(out_dir, 'references.json'), 'w') as f:
    json.dump(out, f)
