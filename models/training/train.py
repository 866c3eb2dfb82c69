#!/usr/bin/python3
"""Trains a Sagitta model package (step I + step II) and exports it.

Example (what `npm run train -- --profile realtime` runs after generating phantom data):
  /usr/bin/python3 models/training/train.py --profile realtime --data /tmp/ph/train --out models/default

Progress and per-epoch validation figures go to stdout, one line each.
"""
import argparse
import json
import os
import sys
import tempfile
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sagitta_train.cache import build_cache  # noqa: E402
from sagitta_train.dataset import read_dataset  # noqa: E402
from sagitta_train.export import write_package  # noqa: E402
from sagitta_train.profiles import PROFILES  # noqa: E402
from sagitta_train.batches import step1_batch, step2_batch  # noqa: E402
from sagitta_train.stages import train_step1, train_step2  # noqa: E402


def log(msg: str) -> None:
    print(f'[{time.strftime("%H:%M:%S")}] {msg}', flush=True)


def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--profile', choices=sorted(PROFILES), default='realtime')
    p.add_argument('--data', required=True, action='append', help='training dataset folder (spine-landmarks/1); repeatable')
    p.add_argument('--val', action='append', help='validation dataset folder; default: 10%% of --data held out')
    p.add_argument('--out', required=True, help='package folder to write (manifest.json, step1.onnx, step2.onnx)')
    p.add_argument('--work', help='folder for caches and checkpoints (default: $TMPDIR/sagitta-train/<profile>)')
    p.add_argument('--stage', choices=['all', 'cache', '1', '2', 'export'], default='all',
                   help='train both steps and export (all), only build the caches, one step only (checkpoint in --work; '
                        'run 1 and 2 in parallel after cache), or export the checkpoints')
    p.add_argument('--seed', type=int, default=1234)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--epochs1', type=int)
    p.add_argument('--epochs2', type=int)
    p.add_argument('--steps1', type=int, help='batches per step-I epoch (default: one pass over the data)')
    p.add_argument('--steps2', type=int, help='batches per step-II epoch')
    p.add_argument('--batch1', type=int)
    p.add_argument('--batch2', type=int)
    p.add_argument('--input-size', type=int, help='step-I input side in px (shrinks the profile)')
    p.add_argument('--crop-size', type=int, help='step-II input side in px')
    p.add_argument('--width', type=float, help='channel multiplier (realtime profile)')
    p.add_argument('--cache-size', type=int, help='side of the cached step-I images in px')
    p.add_argument('--minutes', type=float, help='time budget per step; training stops after the epoch that passes it')
    p.add_argument('--resnet50-weights', help='local torchvision ResNet50 ImageNet state dict (paper profile)')
    p.add_argument('--inception-weights', help='local torchvision InceptionV3 ImageNet state dict (paper profile)')
    p.add_argument('--init1', help='start step I from this saved module (fine-tuning; realtime profile)')
    p.add_argument('--init2', help='start step II from this saved module (fine-tuning)')
    p.add_argument('--reg-sigma', type=float, help='sigma (heatmap px) of the Gaussian in the DSNT regulariser')
    p.add_argument('--s1-weight', type=float, help='step II: draw S1 crops this many times as often as the others '
                                                   '(default 1; S1 is one crop in about eight)')
    p.add_argument('--edge-weight', type=float, help='step I: weight of the presence loss at the chain\'s edges '
                   '(a cut vertebra, a whole one beside a missing neighbour) against 1 elsewhere')
    p.add_argument('--lr1', type=float)
    p.add_argument('--lr2', type=float)
    p.add_argument('--name', default='default')
    p.add_argument('--version', default='1.0.0')
    p.add_argument('--training-data', help='description written to the manifest (trainingData)')
    return p.parse_args(argv)


def config(a) -> dict:
    cfg = dict(PROFILES[a.profile], profile=a.profile)
    for key, val in [('epochs1', a.epochs1), ('epochs2', a.epochs2), ('steps1', a.steps1), ('steps2', a.steps2),
                     ('batch1', a.batch1), ('batch2', a.batch2), ('step1_input', a.input_size),
                     ('step2_input', a.crop_size), ('width', a.width), ('cache_size', a.cache_size),
                     ('resnet50_weights', a.resnet50_weights), ('inception_weights', a.inception_weights),
                     ('init1', a.init1), ('init2', a.init2), ('lr1', a.lr1), ('lr2', a.lr2),
                     ('reg_sigma', a.reg_sigma), ('s1_weight', a.s1_weight), ('edge_weight', a.edge_weight)]:
        if val is not None:
            cfg[key] = val
    if a.reg_sigma is not None:
        cfg['reg_sigma2'] = a.reg_sigma
    if a.batch1 is not None and a.profile == 'paper':
        cfg['batch_cnn1'] = a.batch1
    if a.input_size is not None and a.cache_size is None:
        cfg['cache_size'] = max(a.input_size, int(a.input_size * 1.5) if a.profile == 'realtime' else a.input_size)
    return cfg


def caches(a, cfg: dict, work: str) -> tuple:
    samples = [s for d in a.data for s in read_dataset(d)]
    rng = np.random.default_rng(a.seed)
    if a.val:
        val = [s for d in a.val for s in read_dataset(d)]
        tr = samples
    else:
        order = rng.permutation(len(samples))
        n_val = max(1, len(samples) // 10)
        val, tr = [samples[i] for i in order[:n_val]], [samples[i] for i in order[n_val:]]
    log(f'data: {len(tr)} training and {len(val)} validation images ({", ".join(a.data)})')
    patch = min(2 * cfg['step2_input'], 640)
    key = f'{cfg["cache_size"]}-{patch}-{len(tr)}-{len(val)}-{a.seed}'
    out = []
    for name, subset in (('train', tr), ('val', val)):
        path = os.path.join(work, f'cache-{name}-{key}.npz')
        if os.path.exists(path):
            log(f'cache: reusing {path}')
            out.append(dict(np.load(path)))
        else:
            out.append(build_cache(subset, cfg['cache_size'], patch, path, log=log))
    return out[0], out[1], len(tr)


def main(argv=None) -> int:
    a = parse(argv)
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    cfg = config(a)
    work = a.work or os.path.join(tempfile.gettempdir(), 'sagitta-train', a.profile)
    os.makedirs(work, exist_ok=True)
    log(f'profile {a.profile}: ' + json.dumps({k: v for k, v in cfg.items() if 'weights' not in k}))
    tr, va, n_train = caches(a, cfg, work)
    if a.stage == 'cache':
        return 0
    budget_s = a.minutes * 60 if a.minutes else None
    ck1, ck2 = os.path.join(work, f'{a.profile}-step1.pt'), os.path.join(work, f'{a.profile}-step2.pt')
    if a.stage in ('all', '1'):
        # Each new best is saved as it comes: a run stopped early keeps its best network.
        m1 = train_step1(cfg, tr, va, np.random.default_rng(a.seed + 1), log, budget_s, checkpoint=lambda m: torch.save(m, ck1))
        torch.save(m1, ck1)
    if a.stage in ('all', '2'):
        m2 = train_step2(cfg, tr, va, np.random.default_rng(a.seed + 2), log, budget_s, checkpoint=lambda m: torch.save(m, ck2))
        torch.save(m2, ck2)
    if a.stage not in ('all', 'export'):
        return 0
    m1, m2 = torch.load(ck1), torch.load(ck2)
    x1 = step1_batch(va, np.arange(min(2, len(va['images']))), cfg['step1_input'], np.random.default_rng(0), False)[0]
    x2 = step2_batch(va, np.arange(min(3, len(va['patches']))), cfg['step2_input'], np.random.default_rng(0), False)[0]
    meta = {
        'name': a.name, 'version': a.version,
        'trainingData': a.training_data or f'{n_train} images from {", ".join(os.path.basename(os.path.normpath(d)) for d in a.data)}',
        'syntheticOnly': True,
        'intendedUse': 'Research and demonstration on phantom images. Trained on synthetic images only, not validated '
                       'on patients: not for clinical decisions until retrained and validated on annotated '
                       'radiographs with `sagitta evaluate`.',
        'training': {'profile': a.profile, 'seed': a.seed,
                     **{k: v for k, v in cfg.items() if k not in ('profile', 'resnet50_weights', 'inception_weights', 'init1', 'init2')},
                     'imagenetWeights': bool(cfg.get('resnet50_weights') or cfg.get('inception_weights'))},
    }
    write_package(a.out, m1, m2, cfg, meta, (x1, x2), log)
    log(f'package written to {a.out}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
