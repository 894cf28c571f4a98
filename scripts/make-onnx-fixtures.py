#!/usr/bin/env python3
"""Writes the tiny ONNX models the ONNX tests use into fixtures/onnx/ (a few KB each), with Debian's python3-torch.

    /usr/bin/python3 scripts/make-onnx-fixtures.py      # rewrites fixtures/onnx/*.onnx

Every model is an image-to-image denoiser with the same weights (seeded): two 3x3 convolutions. Variants:
  denoise.onnx         NCHW, sigmoid output, free batch/height/width  (input 'noisy', output 'clean')
  denoise-logits.onnx  the same without the sigmoid (declare "outputKind": "logits")
  denoise-nhwc.onnx    the same model taking and returning NHWC images (declare "layout": "nhwc")
  fixed-28.onnx        the same, exported without dynamic axes: input fixed at [1, 1, 28, 28]
  non-finite.onnx      returns log(0 * y): -inf everywhere (a broken export)
  denoise-weights.npz  the weights (a.weight, a.bias, b.weight, b.bias), so a test can run the model in NumPy
"""
import os

import numpy as np
import torch
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures', 'onnx')


class Denoise(nn.Module):
    def __init__(self, sigmoid=True, nhwc=False, broken=False):
        super().__init__()
        self.a = nn.Conv2d(1, 4, 3, padding=1)
        self.b = nn.Conv2d(4, 1, 3, padding=1)
        self.sigmoid, self.nhwc, self.broken = sigmoid, nhwc, broken

    def forward(self, x):
        if self.nhwc:
            x = x.permute(0, 3, 1, 2)
        y = self.b(torch.relu(self.a(x)))
        if self.sigmoid:
            y = torch.sigmoid(y)
        if self.broken:
            y = torch.log(y * 0)
        return y.permute(0, 2, 3, 1) if self.nhwc else y


def export(model, name, example, dynamic=True):
    axes = {0: 'n', 1: 'h', 2: 'w'} if model.nhwc else {0: 'n', 2: 'h', 3: 'w'}
    torch.onnx.export(model, example, os.path.join(OUT, name), input_names=['noisy'], output_names=['clean'],
                      dynamic_axes={'noisy': axes, 'clean': axes} if dynamic else None, opset_version=13)


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    base = Denoise()
    state = base.state_dict()
    np.savez(os.path.join(OUT, 'denoise-weights.npz'), **{k: v.numpy() for k, v in state.items()})
    nchw = torch.zeros(1, 1, 28, 28)
    for name, kwargs, example, dynamic in [
        ('denoise.onnx', {}, nchw, True),
        ('denoise-logits.onnx', {'sigmoid': False}, nchw, True),
        ('denoise-nhwc.onnx', {'nhwc': True}, torch.zeros(1, 28, 28, 1), True),
        ('fixed-28.onnx', {}, nchw, False),
        ('non-finite.onnx', {'broken': True}, nchw, True),
    ]:
        model = Denoise(**kwargs)
        model.load_state_dict(state)
        model.eval()
        export(model, name, example, dynamic)
        print(name, os.path.getsize(os.path.join(OUT, name)), 'bytes')


if __name__ == '__main__':
    main()
