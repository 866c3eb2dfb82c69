"""The `paper` profile (Cina et al. 2021): CNN 1 ResNet50 presence classifier,
CNN 2 InceptionV3 with main and auxiliary outputs replaced by DSNT heads
(24 vertebrae x 4 corners), CNN 3 InceptionV3 with one 4-channel DSNT head on
vertebra crops. Grayscale input is repeated to the 3 channels the ImageNet
stems expect. ImageNet weights are loaded from local files when given
(torchvision cannot download here).
"""
import torch
import torch.nn as nn
import torchvision

from .dsnt import flat_softmax


def load_weights(model: nn.Module, path: str, log=print) -> None:
    """Loads a torchvision state dict from `path`, skipping the replaced classifier layers."""
    state = torch.load(path, map_location='cpu')
    own = model.state_dict()
    keep = {k: v for k, v in state.items() if k in own and own[k].shape == v.shape}
    model.load_state_dict(keep, strict=False)
    log(f'loaded {len(keep)}/{len(own)} tensors of ImageNet weights from {path}')


class PaperCNN1(nn.Module):
    """ResNet50, frozen up to bottleneck block 3 (stem, layer1..layer3), fc -> 24 sigmoid outputs."""

    def __init__(self, weights: str = None, log=print):
        super().__init__()
        self.net = torchvision.models.resnet50(weights=None)
        if weights:
            load_weights(self.net, weights, log)
        self.net.fc = nn.Linear(2048, 24)
        for name, p in self.net.named_parameters():
            if not name.startswith(('layer4', 'fc')):
                p.requires_grad = False

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.net(x.expand(-1, 3, -1, -1)))


class InceptionDSNT(nn.Module):
    """InceptionV3 whose main (Mixed_7c) and auxiliary (Mixed_6e) outputs feed 1x1-conv DSNT heads.

    Returns heatmaps [N, maps, 4, h, w] (main) and, in training, the auxiliary ones too.
    """

    def __init__(self, maps: int, weights: str = None, log=print):
        super().__init__()
        net = torchvision.models.inception_v3(weights=None, aux_logits=True, init_weights=False)
        if weights:
            load_weights(net, weights, log)
        self.maps = maps
        self.stem = nn.Sequential(net.Conv2d_1a_3x3, net.Conv2d_2a_3x3, net.Conv2d_2b_3x3, net.maxpool1,
                                  net.Conv2d_3b_1x1, net.Conv2d_4a_3x3, net.maxpool2, net.Mixed_5b, net.Mixed_5c,
                                  net.Mixed_5d, net.Mixed_6a, net.Mixed_6b, net.Mixed_6c, net.Mixed_6d, net.Mixed_6e)
        self.top = nn.Sequential(net.Mixed_7a, net.Mixed_7b, net.Mixed_7c)
        self.head = nn.Conv2d(2048, maps * 4, 1)
        self.aux_head = nn.Conv2d(768, maps * 4, 1)

    def _maps(self, logits: torch.Tensor) -> torch.Tensor:
        n, _, h, w = logits.shape
        return flat_softmax(logits.reshape(n, self.maps, 4, h, w))

    def forward(self, x: torch.Tensor):
        f = self.stem(x.expand(-1, 3, -1, -1))
        main = self._maps(self.head(self.top(f)))
        if self.training:
            return main, self._maps(self.aux_head(f))
        return main


class PaperStepI(nn.Module):
    """Step I as one graph: presence from CNN 1 and heatmaps [N, 24, 4, h, w] from CNN 2 (same input)."""

    def __init__(self, cnn1: PaperCNN1, cnn2: InceptionDSNT):
        super().__init__()
        self.cnn1 = cnn1
        self.cnn2 = cnn2

    def forward(self, x: torch.Tensor):
        return self.cnn1(x), self.cnn2(x)


class PaperStepII(nn.Module):
    """Step II: CNN 3 main heatmaps [N, 4, h, w] (the auxiliary head trains only)."""

    def __init__(self, cnn3: InceptionDSNT):
        super().__init__()
        self.cnn3 = cnn3

    def forward(self, x: torch.Tensor):
        out = self.cnn3(x)
        if isinstance(out, tuple):
            return out[0][:, 0], out[1][:, 0]
        return out[:, 0]
