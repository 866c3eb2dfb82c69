"""One generic training loop: epochs of `steps` batches, validation after each
epoch, the best-validation-loss weights kept (paper), cosine or plateau LR."""
import copy
import math
import time

import torch


def make_scheduler(opt, kind: str, total_steps: int):
    if kind == 'plateau':
        return torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode='min', factor=0.1, patience=10)
    warm = max(1, total_steps // 30)
    return torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / warm) * 0.5 * (1 + math.cos(math.pi * min(1.0, s / max(1, total_steps)))))


def fit(name: str, model: torch.nn.Module, params, lr: float, schedule: str, epochs: int, steps: int,
        train_step, validate, log, deadline: float = None, weight_decay: float = 1e-4) -> dict:
    """Trains `model`; `train_step(step) -> (loss tensor, info str)`, `validate() -> (val loss, info str)`.

    Restores and returns the best-validation state dict. Stops early at `deadline` (time.time()).
    """
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=weight_decay) if schedule != 'plateau' else \
        torch.optim.Adam(params, lr=lr)
    sched = make_scheduler(opt, schedule, epochs * steps)
    best, best_state = math.inf, copy.deepcopy(model.state_dict())
    t0 = time.time()
    for epoch in range(1, epochs + 1):
        model.train()
        total, te = 0.0, time.time()
        for s in range(steps):
            loss, _ = train_step(s)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_([p for g in opt.param_groups for p in g['params']], 5.0)
            opt.step()
            if schedule != 'plateau':
                sched.step()
            total += float(loss)
        model.eval()
        with torch.no_grad():
            vloss, info = validate()
        if schedule == 'plateau':
            sched.step(vloss)
        mark = ''
        if vloss < best:
            best, best_state, mark = vloss, copy.deepcopy(model.state_dict()), ' *best'
        log(f'{name} epoch {epoch}/{epochs}: train loss {total / steps:.4f}, val loss {vloss:.4f}, {info}, '
            f'lr {opt.param_groups[0]["lr"]:.2e}, {time.time() - te:.0f} s{mark}')
        if deadline is not None and time.time() > deadline:
            log(f'{name}: time budget reached after epoch {epoch}')
            break
    model.load_state_dict(best_state)
    log(f'{name}: best val loss {best:.4f} ({time.time() - t0:.0f} s)')
    return best_state
