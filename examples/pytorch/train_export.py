#!/usr/bin/env python3
"""Train the seed question's denoising autoencoder in PyTorch at 28x28 and edge-padded to 32x32, and export
each run in boundary-effects' open run format (docs/open-format.md): a manifest.json plus, per variant and
seed, the clean test targets and the model's predictions as .npy files (one run as a single .npz).

It also computes, in NumPy only, the numbers the tool should find (region means, exact gap terms) and writes
them to expected.json, so a test can check the tool against an independent implementation.

    python3 examples/pytorch/train_export.py --out /tmp/pt-exp          # MNIST from $BOUNDARY_EFFECTS_DATA/mnist
    boundary-effects analyze /tmp/pt-exp

With --onnx-out DIR it also exports every trained model to ONNX (DIR/models/<variant>-seed-<n>.onnx, with free
batch, height and width) and writes DIR/manifest.json naming the models instead of arrays: the tool then runs them
itself on the same MNIST test images, with its own seeded noise (docs/open-format.md, "Bring the model"). The
PyTorch weights are kept beside them (.pt) so a test can compare the tool's predictions with PyTorch's own.

    python3 examples/pytorch/train_export.py --out /tmp/pt-exp --onnx-out /tmp/pt-onnx
    boundary-effects analyze /tmp/pt-onnx

Needs only Debian's python3-numpy and python3-torch (CPU); about a minute on one core with the defaults.
"""
import argparse
import gzip
import json
import os
import struct
import time
import warnings

import numpy as np
import torch
from torch import nn

EPSILON = 1e-7  # Keras' clip of p in binary cross-entropy


def read_idx_images(path):
    with gzip.open(path, 'rb') as f:
        magic, n, rows, cols = struct.unpack('>IIII', f.read(16))
        if magic != 2051:
            raise SystemExit(f'{path}: not an IDX image file (magic {magic})')
        data = np.frombuffer(f.read(), dtype=np.uint8)
    if data.size != n * rows * cols:
        raise SystemExit(f'{path}: truncated ({data.size} bytes for {n}x{rows}x{cols})')
    return data.reshape(n, rows, cols).astype(np.float32) / 255.0


def autoencoder():
    """The question's Keras model: 28,353 parameters, 'same' convolutions, sigmoid output."""
    conv = lambda cin, cout: nn.Conv2d(cin, cout, 3, padding=1)  # noqa: E731
    return nn.Sequential(
        conv(1, 32), nn.ReLU(), nn.MaxPool2d(2),
        conv(32, 32), nn.ReLU(), nn.MaxPool2d(2),
        conv(32, 32), nn.ReLU(), nn.Upsample(scale_factor=2, mode='nearest'),
        conv(32, 32), nn.ReLU(), nn.Upsample(scale_factor=2, mode='nearest'),
        conv(32, 1), nn.Sigmoid(),
    )


def glorot_init(model):
    # Keras defaults: Glorot-uniform kernels, zero biases.
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)


def noisy(x, rng, factor=0.5):
    return np.clip(x + factor * rng.standard_normal(x.shape).astype(np.float32), 0.0, 1.0).astype(np.float32)


def train_and_predict(train, test, seed, epochs, batch, lr):
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    model = autoencoder()
    glorot_init(model)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr, eps=1e-7)
    loss_fn = nn.BCELoss()
    train_noisy = noisy(train, rng)
    test_noisy = noisy(test, rng)
    x = torch.from_numpy(train_noisy[:, None])
    y = torch.from_numpy(train[:, None])
    final_train = None
    for _ in range(epochs):
        order = torch.from_numpy(rng.permutation(len(train)))
        total, seen = 0.0, 0
        for i in range(0, len(train), batch):
            idx = order[i:i + batch]
            optimizer.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(idx)
            seen += len(idx)
        final_train = total / seen
    with torch.no_grad():
        predictions = model(torch.from_numpy(test_noisy[:, None]))[:, 0].numpy()  # NCHW -> NHW (C = 1)
    return test_noisy, predictions.astype(np.float32), final_train, model


def export_onnx(model, path):
    """The trained model as ONNX: NCHW float32 input 'noisy', output 'clean' (probabilities), free N, H and W."""
    axes = {0: 'n', 2: 'h', 3: 'w'}
    model.eval()
    with warnings.catch_warnings():
        # torch 1.13 warns that it cannot infer the shape of the Resize scales constant; the export is complete.
        warnings.simplefilter('ignore', UserWarning)
        torch.onnx.export(model, torch.zeros(1, 1, 28, 28), path, input_names=['noisy'], output_names=['clean'],
                          dynamic_axes={'noisy': axes, 'clean': axes}, opset_version=13)


def pixel_bce(t, p):
    t = t.astype(np.float64)
    p = np.clip(p.astype(np.float64), EPSILON, 1 - EPSILON)
    return -(t * np.log(p) + (1 - t) * np.log1p(-p))


def region_masks(height, width, pad, edge):
    original = np.zeros((height, width), bool)
    original[pad:height - pad, pad:width - pad] = True
    interior = np.zeros((height, width), bool)
    interior[pad + edge:height - pad - edge, pad + edge:width - pad - edge] = True
    return {'pad': ~original, 'edge': original & ~interior, 'interior': interior, 'original': original}


def region_means(loss_map, masks):
    return {name: (float(loss_map[m].mean()) if m.any() else None) for name, m in masks.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--out', required=True, help='experiment folder to write')
    parser.add_argument('--data', default=os.path.join(os.environ.get('BOUNDARY_EFFECTS_DATA', '.'), 'mnist'))
    parser.add_argument('--train', type=int, default=3000, help='training images (first N of the training split)')
    parser.add_argument('--test', type=int, default=500, help='test images (first N of the test split)')
    parser.add_argument('--seeds', type=int, nargs='+', default=[1, 2])
    parser.add_argument('--epochs', type=int, default=1)
    parser.add_argument('--lr', type=float, default=3e-3,
                        help="Adam's learning rate (Keras uses 1e-3; higher so one short epoch learns something)")
    parser.add_argument('--edge-width', type=int, default=2)
    parser.add_argument('--onnx-out', help='also export the models to ONNX and write a manifest naming them here')
    args = parser.parse_args()
    torch.set_num_threads(1)
    train = read_idx_images(os.path.join(args.data, 'train-images-idx3-ubyte.gz'))[:args.train]
    test = read_idx_images(os.path.join(args.data, 't10k-images-idx3-ubyte.gz'))[:args.test]
    os.makedirs(args.out, exist_ok=True)
    variants = [('baseline28', 0), ('edge32', 2)]
    manifest_variants, expected_runs, maps, onnx_runs = [], {}, {}, {}
    started = time.time()
    for name, pad in variants:
        pad_edge = lambda a: np.pad(a, ((0, 0), (pad, pad), (pad, pad)), mode='edge')  # noqa: E731
        tr, te = pad_edge(train), pad_edge(test)
        height, width = te.shape[1:]
        masks = region_masks(height, width, pad, args.edge_width)
        runs = []
        for k, seed in enumerate(args.seeds):
            inputs, predictions, final_train, model = train_and_predict(tr, te, seed, args.epochs, 128, args.lr)
            if args.onnx_out:
                stem = os.path.join(args.onnx_out, 'models', f'{name}-seed-{seed}')
                os.makedirs(os.path.dirname(stem), exist_ok=True)
                export_onnx(model, stem + '.onnx')
                torch.save(model.state_dict(), stem + '.pt')
                onnx_runs.setdefault(name, []).append({'seed': seed, 'model': f'models/{name}-seed-{seed}.onnx', 'finalTrainLoss': final_train})
            folder = os.path.join(name, f'seed-{seed}')
            os.makedirs(os.path.join(args.out, folder), exist_ok=True)
            if name == 'edge32' and k == len(args.seeds) - 1:
                # One run as a single .npz, to exercise that path too.
                files = {'npz': os.path.join(folder, 'run.npz')}
                np.savez(os.path.join(args.out, files['npz']), targets=te, predictions=predictions, inputs=inputs)
            else:
                files = {key: os.path.join(folder, f'{key}.npy') for key in ('targets', 'predictions', 'inputs')}
                np.save(os.path.join(args.out, files['targets']), te)
                np.save(os.path.join(args.out, files['predictions']), predictions)
                np.save(os.path.join(args.out, files['inputs']), inputs)
            runs.append({'seed': seed, 'files': files, 'finalTrainLoss': final_train})
            loss_map = pixel_bce(te, predictions).mean(axis=0)
            maps[(name, seed)] = (loss_map, masks)
            means = region_means(loss_map, masks)
            expected_runs[f'{name}/{seed}'] = {'testLoss': float(loss_map.mean()), **means,
                                               'counts': {r: int(m.sum()) for r, m in masks.items()}}
            print(f'{name} seed {seed}: train loss {final_train:.4f}, test loss {loss_map.mean():.4f} '
                  f'({time.time() - started:.0f} s)', flush=True)
        manifest_variants.append({
            'id': name, 'label': f'{height}x{width}' + (f', edge-padded by {pad}' if pad else ', unpadded'),
            'height': int(height), 'width': int(width), 'channels': 1,
            'pads': {'top': pad, 'bottom': pad, 'left': pad, 'right': pad},
            'padMode': 'edge' if pad else 'none', 'runs': runs,
        })
    # The gap terms, per paired seed, from the definitions (A = baseline28, B = edge32).
    gaps = {}
    for seed in args.seeds:
        map_a, masks_a = maps[('baseline28', seed)]
        map_b, masks_b = maps[('edge32', seed)]
        a, b = region_means(map_a, masks_a), region_means(map_b, masks_b)
        n_edge, n_int = int(masks_a['edge'].sum()), int(masks_a['interior'].sum())
        n_o = n_edge + n_int
        gap = float(map_a.mean() - map_b.mean())
        same_edge = n_edge / n_o * (a['edge'] - b['edge'])
        same_int = n_int / n_o * (a['interior'] - b['interior'])
        dilution = (b['original'] - float(map_b.mean())) - (a['original'] - float(map_a.mean()))
        gaps[str(seed)] = {'gap': gap, 'samePixelEdge': same_edge, 'samePixelInterior': same_int,
                           'samePixel': same_edge + same_int, 'dilution': dilution}
    manifest = {
        'format': 'boundary-effects/open-experiment', 'version': 1,
        'question': 'Why does edge-padding MNIST to 32x32 lower the loss of the same denoising autoencoder (PyTorch)?',
        'dataset': {'name': 'mnist', 'label': f'MNIST, {args.train} training / {args.test} test images, {args.epochs} epoch(s)'},
        'loss': 'bce', 'edgeWidth': args.edge_width, 'reference': 'baseline28',
        'variants': manifest_variants,
        'comparisons': [{'a': 'baseline28', 'b': 'edge32', 'label': 'unpadded vs edge-padded'}],
        'referenceNumbers': [
            {'variant': 'baseline28', 'metric': 'finalTrainLoss', 'value': 0.099, 'label': 'the question (Keras, 10 epochs)'},
            {'variant': 'edge32', 'metric': 'finalTrainLoss', 'value': 0.075, 'label': 'the question (Keras, 10 epochs)'},
        ],
    }
    with open(os.path.join(args.out, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=2)
    if args.onnx_out:
        # The same experiment, but the tool runs the models: same MNIST test images, its own seeded noise.
        onnx_manifest = dict(manifest, variants=[dict(v, runs=onnx_runs[v['id']]) for v in manifest_variants],
                             question=manifest['question'].replace('(PyTorch)', '(PyTorch models run by the tool from ONNX)'),
                             testSet={'dataset': 'mnist', 'limit': args.test},
                             corruption={'noise': 'gaussian', 'factor': 0.5, 'seed': 1},
                             model={'input': 'noisy', 'output': 'clean', 'layout': 'nchw', 'outputKind': 'probabilities'})
        with open(os.path.join(args.onnx_out, 'manifest.json'), 'w') as f:
            json.dump(onnx_manifest, f, indent=2)
    with open(os.path.join(args.out, 'expected.json'), 'w') as f:
        json.dump({'runs': expected_runs, 'gaps': gaps}, f, indent=2)
    print(f'wrote {args.out}/manifest.json and expected.json in {time.time() - started:.0f} s')


if __name__ == '__main__':
    main()
