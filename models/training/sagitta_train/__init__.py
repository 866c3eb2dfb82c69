"""Sagitta training: datasets in the spine-landmarks/1 format, augmentations,
the realtime and paper networks, DSNT losses and export to a sagitta-models/1
package (see ../README.md and docs/models.md)."""

LABELS = ['C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10',
          'T11', 'T12', 'L1', 'L2', 'L3', 'L4', 'L5', 'S1']
"""The 24 vertebra labels, cranial to caudal (spec order, output order of step I)."""

CORNERS = ['SA', 'SP', 'IP', 'IA']
"""Corner order of every vertebra (anatomical, not image-based)."""
