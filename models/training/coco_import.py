#!/usr/bin/python3
"""Imports COCO keypoint annotations into a spine-landmarks/1 dataset.

Usage:
  /usr/bin/python3 models/training/coco_import.py --coco export.json --mapping models/training/coco-mapping.example.json \
      --images DIR_WITH_IMAGES --out DATASET_DIR
Then train with `npm run train -- --profile realtime --data DATASET_DIR`.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sagitta_train.coco import CocoError, import_coco  # noqa: E402


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--coco', required=True, help='COCO keypoint JSON (CVAT, Label Studio, ... export)')
    p.add_argument('--mapping', required=True, help='mapping file: keypoint name -> LABEL.CORNER')
    p.add_argument('--images', required=True, help='folder holding the images named in the COCO file')
    p.add_argument('--out', required=True, help='dataset folder to write annotations.json into')
    a = p.parse_args(argv)
    try:
        doc, warnings = import_coco(a.coco, a.mapping, a.out, a.images)
    except (CocoError, OSError, ValueError) as e:
        print(f'coco_import: {e}', file=sys.stderr)
        return 1
    for w in warnings:
        print(f'warning: {w}', file=sys.stderr)
    n = sum(len(im['vertebrae']) for im in doc['images'])
    print(f'imported {len(doc["images"])} images, {n} vertebrae -> {os.path.join(a.out, "annotations.json")}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
