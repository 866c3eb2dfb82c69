"""Training profiles: `realtime` (the shipped default, CPU-sized) and `paper` (Cina et al. 2021)."""

PROFILES = {
    'realtime': {
        'step1_input': 256,      # px, heatmaps at 1/4 (64 x 64)
        'step2_input': 128,      # px crops, heatmaps at 1/2 (64 x 64)
        'width': 1.0,            # channel multiplier
        'batch1': 16, 'lr1': 2e-3,
        'batch2': 32, 'lr2': 2e-3,
        'epochs1': 30, 'epochs2': 30,
        'schedule': 'cosine',    # AdamW + cosine decay: converges within the short CPU budget
        'reg_sigma': 1.0,        # heatmap px of the JS regulariser's Gaussian (step I)
        'reg_sigma2': 0.5,       # step II: sharper maps, so the spreads (and angle SDs) reflect the real uncertainty
        'cache_size': 512,       # step-I frames cached at 512 (2x2 box): warping them to 256 looks like the pipeline's 4x4 box resize
    },
    'paper': {
        'step1_input': 1024,     # CNN 1 and CNN 2 at 1024 x 1024
        'step2_input': 512,      # CNN 3 on 512 x 512 crops
        'batch_cnn1': 16, 'lr_cnn1': 1e-4,
        'batch1': 8, 'lr1': 1e-3,
        'batch2': 16, 'lr2': 1e-4,
        'epochs1': 200, 'epochs2': 200,
        'schedule': 'plateau',   # ReduceLROnPlateau(factor 0.1, patience 10), best-validation checkpoint kept
        'aux_weight': 0.4,       # weight of InceptionV3's auxiliary DSNT loss
        'reg_sigma': 1.0,
        'cache_size': 1024,
    },
}
