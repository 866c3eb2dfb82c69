"""Export to a `sagitta-models/1` package (server/pipeline/manifest-types.ts):
two ONNX files with a dynamic batch dimension, manifest.json with SHA-256s,
and the PyTorch-vs-onnxruntime-node parity check (1e-4)."""
import hashlib
import json
import os
import subprocess
import tempfile

import numpy as np
import torch

from . import LABELS
from .batches import CROP_ENLARGE, MEAN, STD

MODEL_FORMAT = 'sagitta-models/1'
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


def export_onnx(module: torch.nn.Module, size: int, path: str, outputs: list) -> None:
    """TorchScript-based export, opset 13, input `image` [N, 1, size, size], batch dimension dynamic."""
    module.eval()
    dummy = torch.zeros(2, 1, size, size)
    axes = {'image': {0: 'batch'}, **{o: {0: 'batch'} for o in outputs}}
    with torch.no_grad():
        torch.onnx.export(module, dummy, path, input_names=['image'], output_names=outputs, dynamic_axes=axes,
                          opset_version=13, do_constant_folding=True)


def parity(module: torch.nn.Module, path: str, x: torch.Tensor, outputs: list, tol: float = 1e-4) -> dict:
    """Runs `x` through PyTorch and onnxruntime-node; returns {output: max abs diff}; raises above `tol`."""
    module.eval()
    with torch.no_grad():
        ref = module(x)
    ref = ref if isinstance(ref, tuple) else (ref,)
    with tempfile.TemporaryDirectory(prefix='sagitta-parity-') as tmp:
        x.numpy().astype(np.float32).tofile(os.path.join(tmp, 'input.bin'))
        outs = []
        for name, r in zip(outputs, ref):
            f = os.path.join(tmp, f'{name}.bin')
            r.numpy().astype(np.float32).tofile(f)
            outs.append({'name': name, 'file': f})
        job = {'model': os.path.abspath(path), 'input': {'name': 'image', 'file': os.path.join(tmp, 'input.bin'),
                                                         'dims': list(x.shape)}, 'outputs': outs}
        with open(os.path.join(tmp, 'job.json'), 'w') as f:
            json.dump(job, f)
        res = subprocess.run(['node', os.path.join(HERE, 'parity.mjs'), os.path.join(tmp, 'job.json')],
                             capture_output=True, text=True, cwd=HERE)
        if res.returncode != 0:
            raise RuntimeError(f'parity check of {path} failed to run in onnxruntime-node: {res.stderr.strip()[-2000:]}')
        got = json.loads(res.stdout.strip().splitlines()[-1])['outputs']
    diffs = {k: v['maxAbsDiff'] for k, v in got.items()}
    bad = {k: d for k, d in diffs.items() if not d <= tol}
    if bad:
        raise RuntimeError(f'parity check of {path}: PyTorch and onnxruntime-node differ by {bad} (limit {tol})')
    return diffs


def heatmap_size(module: torch.nn.Module, size: int) -> tuple:
    module.eval()
    with torch.no_grad():
        out = module(torch.zeros(1, 1, size, size))
    heat = out[1] if isinstance(out, tuple) else out
    return int(heat.shape[-2]), int(heat.shape[-1])


def write_package(out_dir: str, step1: torch.nn.Module, step2: torch.nn.Module, cfg: dict, meta: dict,
                  parity_inputs: tuple, log=print) -> dict:
    """Exports both steps into `out_dir`, checks parity, writes manifest.json; returns the manifest."""
    os.makedirs(out_dir, exist_ok=True)
    s1, s2 = cfg['step1_input'], cfg['step2_input']
    p1, p2 = os.path.join(out_dir, 'step1.onnx'), os.path.join(out_dir, 'step2.onnx')
    export_onnx(step1, s1, p1, ['presence', 'heatmaps'])
    export_onnx(step2, s2, p2, ['heatmaps'])
    d1 = parity(step1, p1, parity_inputs[0], ['presence', 'heatmaps'])
    d2 = parity(step2, p2, parity_inputs[1], ['heatmaps'])
    log(f'parity (max |PyTorch − onnxruntime-node|): step I {d1}, step II {d2}')
    h1, h2 = heatmap_size(step1, s1), heatmap_size(step2, s2)
    norm = {'mean': MEAN, 'std': STD}
    manifest = {
        'format': MODEL_FORMAT,
        'name': meta.get('name', 'default'),
        'version': meta.get('version', '1.0.0'),
        'labels': list(LABELS),
        'stepI': {'file': 'step1.onnx', 'input': {'name': 'image', 'height': s1, 'width': s1}, 'normalisation': norm,
                  'outputs': {'presence': 'presence', 'heatmaps': 'heatmaps'},
                  'heatmap': {'height': h1[0], 'width': h1[1]}, 'sha256': sha256(p1),
                  # the pipeline also runs step I on the mirrored image and averages scores and corners
                  # (docs/pipeline.md): trained with flips; its spreads decide nothing, so they stay unscaled
                  'mirror': {'spreadScale': 1.0}},
        'stepII': {'file': 'step2.onnx', 'input': {'name': 'image', 'height': s2, 'width': s2}, 'normalisation': norm,
                   'outputs': {'heatmaps': 'heatmaps'}, 'heatmap': {'height': h2[0], 'width': h2[1]},
                   'sha256': sha256(p2), 'crop': {'enlarge': CROP_ENLARGE, 'square': True},
                   # the pipeline also runs each crop mirrored and averages (docs/pipeline.md): trained with flips;
                   # its spreads get their own calibration (sagitta evaluate --calibrate-spreads, mirror on)
                   'mirror': {'spreadScale': 1.0}},
        'trainingData': meta.get('trainingData', 'unspecified'),
        'syntheticOnly': bool(meta.get('syntheticOnly', True)),
        'intendedUse': meta.get('intendedUse', ''),
        'training': {**meta.get('training', {}), 'parity': {'stepI': d1, 'stepII': d2}},
    }
    if meta.get('metrics') is not None:
        manifest['metrics'] = meta['metrics']
    with open(os.path.join(out_dir, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=2)
        f.write('\n')
    return manifest
