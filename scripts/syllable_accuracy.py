#!/usr/bin/env python3
"""Caseless syllable accuracy of an OCR text against a truth text.

Syllables are \\w+ tokens of the NFC, lower-cased text. The OCR tokens are aligned by edit
distance against the truth, whose end is free (the OCR may cover only the first pages of the
truth): accuracy = 1 - edits / truth syllables in the aligned prefix. Markdown markers (leading
'#', '- ', and '**') are removed from the truth first. Same definition as the Rust tests'
`syllable_accuracy`.

usage: syllable_accuracy.py OCR.txt TRUTH.txt
"""
import re
import sys
import unicodedata


def syllables(t):
    return re.findall(r"\w+", unicodedata.normalize("NFC", t).lower())


def strip_markdown(t):
    out = []
    for line in t.split("\n"):
        line = re.sub(r"^\s*#+\s*", "", line)
        line = re.sub(r"^\s*-\s+", "", line)
        out.append(line.replace("**", ""))
    return "\n".join(out)


def accuracy(ocr, truth):
    a, b = syllables(ocr), syllables(strip_markdown(truth))
    n = len(a)
    prev = list(range(n + 1))
    best = (0.0, 0, 0)
    for j in range(1, len(b) + 1):
        cur = [j] + [0] * n
        bj = b[j - 1]
        for i in range(1, n + 1):
            cur[i] = min(prev[i] + 1, cur[i - 1] + 1, prev[i - 1] + (a[i - 1] != bj))
        acc = 1 - cur[n] / j
        if acc > best[0]:
            best = (acc, j, cur[n])
        prev = cur
        if j > 2 * n + 50:
            break
    return best


if __name__ == "__main__":
    acc, n, e = accuracy(open(sys.argv[1]).read(), open(sys.argv[2]).read())
    print(f"{acc * 100:.2f}% ({e} edits / {n} truth syllables)")
