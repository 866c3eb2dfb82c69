"""One generic training loop: epochs of `steps` batches, validation after each
epoch, the best-validation-loss weights kept (paper), and either a cosine LR
decay over the run (realtime; over a time budget when one is given) or
ReduceLROnPlateau (paper)."""
import copy
import math
import time

import torch


def cosine_factor(progress: float, warm: float = 0.03) -> float:
    """LR multiplier at progress 0..1: linear warm-up, then cosine decay to 0."""
    if progress < warm:
        return (progress + 1e-3) / warm
    return 0.5 * (1 + math.cos(math.pi * min(1.0, progress)))


def fit(name: str, model: torch.nn.Module, params, lr: float, schedule: str, epochs: int, steps: int,
        train_step, validate, log, budget_s: float = None, weight_decay: float = 1e-4, on_best=None) -> dict:
    """Trains `model`; `train_step(step) -> (loss tensor, info str)`, `validate() -> (val loss, info str)`.

    With `budget_s`, the run ends when the time is spent (or after `epochs`), and the
    cosine schedule follows elapsed time. Restores and returns the best-validation state dict.
    `on_best(model)`, when given, is called at every new best (to checkpoint it, so that an
    interrupted run keeps its best weights).
    """
    params = [p for p in params if p.requires_grad]
    plateau = schedule == 'plateau'
    opt = torch.optim.Adam(params, lr=lr) if plateau else torch.optim.AdamW(params, lr=lr, weight_decay=weight_decay)
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode='min', factor=0.1, patience=10) if plateau else None
    best, best_state = math.inf, copy.deepcopy(model.state_dict())
    t0 = time.time()
    total_steps = epochs * steps
    done = 0

    def progress() -> float:
        p = done / total_steps
        if budget_s:
            p = max(p, (time.time() - t0) / budget_s)
        return p

    for epoch in range(1, epochs + 1):
        model.train()
        total, te = 0.0, time.time()
        for s in range(steps):
            if not plateau:
                for g in opt.param_groups:
                    g['lr'] = lr * cosine_factor(progress())
            loss, _ = train_step(s)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 5.0)
            opt.step()
            total += float(loss)
            done += 1
        model.eval()
        with torch.no_grad():
            vloss, info = validate()
        if plateau:
            sched.step(vloss)
        mark = ''
        if vloss < best:
            best, best_state, mark = vloss, copy.deepcopy(model.state_dict()), ' *best'
            if on_best:
                on_best(model)
        log(f'{name} epoch {epoch}/{epochs}: train loss {total / steps:.4f}, val loss {vloss:.4f}, {info}, '
            f'lr {opt.param_groups[0]["lr"]:.2e}, {time.time() - te:.0f} s{mark}')
        if budget_s and time.time() - t0 > budget_s:
            log(f'{name}: time budget ({budget_s / 60:.0f} min) spent after epoch {epoch}')
            break
    model.load_state_dict(best_state)
    log(f'{name}: best val loss {best:.4f} ({time.time() - t0:.0f} s)')
    return best_state
