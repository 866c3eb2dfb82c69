"""Step I and step II training for both profiles (losses, validation figures)."""
import numpy as np
import torch
import torch.nn.functional as F

from . import LABELS
from .batches import step1_batch, step2_batch
from .dsnt import dsnt, dsnt_loss
from .loop import fit
from .metrics import normalised_errors, presence_accuracy, summary
from .paper_nets import InceptionDSNT, PaperCNN1, PaperStepI, PaperStepII
from .realtime_nets import StepIINet, StepINet


def weighted_bce(pred: torch.Tensor, target: torch.Tensor, weight: torch.Tensor) -> torch.Tensor:
    b = F.binary_cross_entropy(pred.clamp(1e-6, 1 - 1e-6), target, reduction='none')
    return (b * weight).sum() / weight.sum().clamp_min(1)


def to_px(coords: torch.Tensor, size: int) -> np.ndarray:
    """DSNT coords in [-1, 1] -> input pixels (centres at integers)."""
    return ((coords.numpy() + 1) * size - 1) / 2


def fixed_batches(make, n: int, batch: int):
    """Precomputes validation batches (deterministic) as a list."""
    return [make(np.arange(i, min(n, i + batch))) for i in range(0, n, batch)]


def train_step1(cfg: dict, tr: dict, va: dict, rng: np.random.Generator, log, budget_s=None, checkpoint=None):
    """Returns the step-I module (presence, heatmaps) trained on caches `tr`, validated on `va`.
    `checkpoint(module)` saves each new best of the realtime network as it comes."""
    size, sig = cfg['step1_input'], cfg['reg_sigma']
    n_tr, n_va = len(tr['images']), len(va['images'])
    val = fixed_batches(lambda idx: step1_batch(va, idx, size, np.random.default_rng(0), False), n_va, 16)

    def val_figures(forward):
        losses, preds, truths, ws, accs = [], [], [], [], []
        for x, p, pm, c, w in val:
            pres, heat = forward(x)
            losses.append(float(weighted_bce(pres, p, pm) + dsnt_loss(heat, c, w, sig)) if pres is not None
                          else float(dsnt_loss(heat, c, w, sig)))
            if pres is not None:
                accs.append(presence_accuracy(pres, p, pm))
            preds.append(to_px(dsnt(heat), size))
            truths.append(to_px(c, size))
            ws.append(w.numpy())
        ex, ey = normalised_errors(np.concatenate(preds), np.concatenate(truths), np.concatenate(ws))
        info = summary(ex, ey)
        if accs:
            info = f'presence acc {100 * np.mean([a for a, _ in accs]):.2f}% fp/img {np.mean([f for _, f in accs]):.3f}, ' + info
        return float(np.mean(losses)), info

    def batch():
        return step1_batch(tr, rng.integers(0, n_tr, cfg['batch1']), size, rng, True, cfg.get('edge_weight', 1.0))

    steps = cfg.get('steps1') or max(1, n_tr // cfg['batch1'])
    if cfg['profile'] == 'realtime':
        model = torch.load(cfg['init1']) if cfg.get('init1') else StepINet(cfg['width'])

        def step(_):
            x, p, pm, c, w = batch()
            pres, heat = model(x)
            return weighted_bce(pres, p, pm) + dsnt_loss(heat, c, w, sig), ''

        fit('step I', model, model.parameters(), cfg['lr1'], cfg['schedule'], cfg['epochs1'], steps, step,
            lambda: val_figures(model), log, budget_s, on_best=checkpoint)
        return model
    cnn1 = PaperCNN1(cfg.get('resnet50_weights'), log)
    cnn2 = InceptionDSNT(24, cfg.get('inception_weights'), log)

    def step_cnn1(_):
        x, p, pm, _, _ = step1_batch(tr, rng.integers(0, n_tr, cfg['batch_cnn1']), size, rng, True,
                                     cfg.get('edge_weight', 1.0))
        return weighted_bce(cnn1(x), p, pm), ''

    def val_cnn1():
        losses, accs = [], []
        for x, p, pm, _, _ in val:
            pres = cnn1(x)  # once per batch for both figures
            losses.append(float(weighted_bce(pres, p, pm)))
            accs.append(presence_accuracy(pres, p, pm)[0])
        return float(np.mean(losses)), f'presence acc {100 * np.mean(accs):.2f}%'

    fit('CNN 1', cnn1, [p for p in cnn1.parameters() if p.requires_grad], cfg['lr_cnn1'], cfg['schedule'],
        cfg['epochs1'], steps, step_cnn1, val_cnn1, log, budget_s)

    def step_cnn2(_):
        x, _, _, c, w = batch()
        main, aux = cnn2(x)
        return dsnt_loss(main, c, w, sig) + cfg['aux_weight'] * dsnt_loss(aux, c, w, sig), ''

    fit('CNN 2', cnn2, cnn2.parameters(), cfg['lr1'], cfg['schedule'], cfg['epochs1'], steps, step_cnn2,
        lambda: val_figures(lambda x: (None, cnn2(x))), log, budget_s)
    return PaperStepI(cnn1, cnn2)


def train_step2(cfg: dict, tr: dict, va: dict, rng: np.random.Generator, log, budget_s=None, checkpoint=None):
    """Returns the step-II module (heatmaps [N, 4, h, w]) trained on the caches' vertebra patches.
    `checkpoint(module)` saves each new best as it comes."""
    size, sig = cfg['step2_input'], cfg.get('reg_sigma2', cfg['reg_sigma'])
    n_tr, n_va = len(tr['patches']), min(len(va['patches']), cfg.get('val2', 600))
    val = fixed_batches(lambda idx: step2_batch(va, idx, size, np.random.default_rng(1), False, jitter=0.05), n_va, 32)
    if cfg.get('init2'):
        model = torch.load(cfg['init2'])
    elif cfg['profile'] == 'realtime':
        model = StepIINet(cfg['width'])
    else:
        model = PaperStepII(InceptionDSNT(1, cfg.get('inception_weights'), log))
    aux_w = cfg.get('aux_weight', 0.0)

    s1_weight = float(cfg.get('s1_weight', 1.0))
    draw_p = None
    if s1_weight != 1.0:  # S1 crops drawn s1_weight times as often (its endplate sets L1-S1 and SS)
        is_s1 = np.asarray(tr['patch_label']) == LABELS.index('S1')
        draw_p = np.where(is_s1, s1_weight, 1.0)
        draw_p = draw_p / draw_p.sum()
        log(f'step II: S1 crops drawn {s1_weight:g}x as often ({100 * float(draw_p[is_s1].sum()):.0f} % of crops)')

    def step(_):
        idx = rng.choice(n_tr, cfg['batch2'], p=draw_p) if draw_p is not None else rng.integers(0, n_tr, cfg['batch2'])
        x, c, w = step2_batch(tr, idx, size, rng, True)
        out = model(x)
        if isinstance(out, tuple):
            return dsnt_loss(out[0], c, w, sig) + aux_w * dsnt_loss(out[1], c, w, sig), ''
        return dsnt_loss(out, c, w, sig), ''

    def validate():
        losses, preds, truths, ws = [], [], [], []
        for x, c, w in val:
            heat = model(x)
            losses.append(float(dsnt_loss(heat, c, w, sig)))
            preds.append(to_px(dsnt(heat), size))
            truths.append(to_px(c, size))
            ws.append(w.numpy())
        ex, ey = normalised_errors(np.concatenate(preds), np.concatenate(truths), np.concatenate(ws))
        return float(np.mean(losses)), summary(ex, ey)

    steps = cfg.get('steps2') or max(1, n_tr // cfg['batch2'])
    fit('step II', model, model.parameters(), cfg['lr2'], cfg['schedule'], cfg['epochs2'], steps, step, validate,
        log, budget_s, on_best=checkpoint)
    return model
