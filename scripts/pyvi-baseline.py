#!/usr/bin/env python3
"""Baseline for the restoration benchmarks: pyvi's add_accents (pip install pyvi==0.1.1).

Usage: scripts/pyvi-baseline.py INPUT > OUTPUT   (line by line; line breaks kept)
Then: target/release/restore-bench eval GOLD INPUT OUTPUT
"""
import sys
from pyvi import ViUtils

def restore(line):
    if not line.strip():
        return line
    try:
        out = ViUtils.add_accents(line)
    except KeyError:
        # pyvi fails on some non-Vietnamese letters OCR prints; retry on the unmarked line.
        plain = ViUtils.remove_accents(line)
        plain = plain.decode("utf-8") if isinstance(plain, bytes) else plain
        try:
            out = ViUtils.add_accents(plain)
        except KeyError:
            return line
    return out.decode("utf-8") if isinstance(out, bytes) else out


for line in open(sys.argv[1], encoding="utf-8").read().split("\n"):
    sys.stdout.write(restore(line) + "\n")
