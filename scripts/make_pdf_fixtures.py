#!/usr/bin/python3
"""Builds the small PDFs of fixtures/pdf/ used by kehoach-pdf's tests (run from the repo root).

Needs Debian's python3-pikepdf, ocrmypdf, qpdf and tesseract-ocr-vie; only developers who want
to rebuild the fixtures need them, the tests read the committed files.

* layer-good.ocrmypdf.pdf  page 1 of fixtures/scans/003 with the text layer ocrmypdf adds
                           (`ocrmypdf -l vie --output-type pdf`): a real good layer.
* layer-mixed.pdf          page 1 image + invisible layer holding the true text; page 2 image +
                           invisible layer damaged the way seed 001's layer is (ư drawn as ƣ,
                           glyphs of toned vowels missing).
* legacy.pdf               two text pages typed in legacy encodings, the way old Word files
                           print: page 1 font ".VnTime" with TCVN3 bytes, page 2 font
                           "VNI-Times" with VNI bytes; no ToUnicode maps.
* encrypted.pdf            legacy.pdf encrypted with a user password (qpdf, AES-256).
* owner-password.pdf       legacy.pdf with only an owner password (empty user password).
* stamp.pdf                page 3 of the fax scan with a visible digital-signature stamp typed
                           over it (good Unicode text, but not the page's text).

`make_pdf_fixtures.py stamp` rebuilds only stamp.pdf.
"""
import re
import subprocess
import sys
import unicodedata

import pikepdf

from syllable_accuracy import strip_markdown  # the same Markdown removal as the metric

SCAN = "fixtures/scans/003.p1-3.ccitt.pdf"
SEED = "fixtures/seeds/003_c13568a1ac7b3f6f.txt"
OUT = "fixtures/pdf/"


def truth_lines():
    lines = [l.strip() for l in strip_markdown(open(SEED).read()).split("\n") if l.strip()]
    return lines


def split_pages(lines, first_page_syllables):
    """Truth lines of page 1 (about `first_page_syllables` syllables) and of page 2 (same size)."""
    pages, cur, n = [], [], 0
    for l in lines:
        cur.append(l)
        n += len(re.findall(r"\w+", l))
        if n >= first_page_syllables:
            pages.append(cur)
            cur, n = [], 0
            if len(pages) == 2:
                break
    return pages


def wrap(text, width=95):
    out = []
    for para in text:
        words, line = para.split(), ""
        for w in words:
            if len(line) + len(w) + 1 > width:
                out.append(line)
                line = w
            else:
                line = (line + " " + w).strip()
        if line:
            out.append(line)
    return out


def damage(line):
    """Seed-001-like damage: ư/Ư → ƣ/Ƣ; glyphs of vowels with a dot below or a hook go missing."""
    line = line.replace("ư", "ƣ").replace("Ư", "Ƣ")
    out = []
    for c in line:
        d = unicodedata.normalize("NFD", c)
        if "\u0323" in d or "\u0309" in d:
            out.append(" ")
        else:
            out.append(c)
    return "".join(out)


def simple_font_with_tounicode(pdf, chars, base="Helvetica"):
    """A Type1 font whose single-byte codes 1..n map, through ToUnicode, to `chars`."""
    codes = {c: i + 1 for i, c in enumerate(chars)}
    bf = "\n".join(f"<{codes[c]:02X}> <{''.join(f'{u:04X}' for u in utf16(c))}>" for c in chars)
    cmap = f"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<00> <FF>
endcodespacerange
{len(chars)} beginbfchar
{bf}
endbfchar
endcmap
CMapName currentdict /CMap defineresource pop
end
end"""
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.Type1,
        BaseFont=pikepdf.Name("/" + base),
        FirstChar=1,
        LastChar=len(chars),
        Widths=[500] * len(chars),
        ToUnicode=pdf.make_stream(cmap.encode()),
    )
    return pdf.make_indirect(font), codes


def utf16(c):
    b = c.encode("utf-16-be")
    return [int.from_bytes(b[i : i + 2], "big") for i in range(0, len(b), 2)]


def invisible_layer(pdf, page, lines):
    chars = sorted(set("".join(lines)) - {" "}) + [" "]
    assert len(chars) < 255, len(chars)
    font, codes = simple_font_with_tounicode(pdf, chars)
    ops = ["BT", "3 Tr", "/FK 11 Tf"]
    y = 780
    for l in lines:
        s = bytes(codes[c] for c in l)
        ops.append(f"1 0 0 1 60 {y} Tm")
        ops.append("<" + s.hex() + "> Tj")
        y -= 14
    ops.append("ET")
    if "/Font" not in page.Resources:
        page.Resources.Font = pikepdf.Dictionary()
    page.Resources.Font.FK = font
    page.contents_add(pdf.make_stream("\n".join(ops).encode()), prepend=False)


def stamp():
    pdf = pikepdf.open(SCAN)
    del pdf.pages[0:2]
    lines = ["Ký bởi: Văn phòng Ủy ban nhân dân tỉnh Quảng Bình",
             "Cơ quan: Tỉnh Quảng Bình",
             "Thời gian ký: 10.11.2023 08:15:20 +07:00"]
    chars = sorted(set("".join(lines)) - {" "}) + [" "]
    font, codes = simple_font_with_tounicode(pdf, chars)
    ops = ["BT", "/FK 9 Tf"]
    y = 120
    for l in lines:
        ops.append(f"1 0 0 1 380 {y} Tm")
        ops.append("<" + bytes(codes[c] for c in l).hex() + "> Tj")
        y -= 11
    ops.append("ET")
    page = pdf.pages[0]
    if "/Font" not in page.Resources:
        page.Resources.Font = pikepdf.Dictionary()
    page.Resources.Font.FK = font
    page.contents_add(pdf.make_stream("\n".join(ops).encode()), prepend=False)
    pdf.save(OUT + "stamp.pdf")


def main():
    if sys.argv[1:] == ["stamp"]:
        return stamp()
    stamp()
    # layer-good: ocrmypdf on page 1.
    subprocess.run(["qpdf", SCAN, "--pages", SCAN, "1", "--", "/tmp/kehoach-p1.pdf"], check=True)
    subprocess.run(
        ["ocrmypdf", "-q", "-l", "vie", "--output-type", "pdf", "--optimize", "0",
         "/tmp/kehoach-p1.pdf", OUT + "layer-good.ocrmypdf.pdf"],
        check=True,
    )

    # layer-mixed: pages 1-2, good then damaged invisible layers.
    lines = truth_lines()
    p1, p2 = split_pages(lines, 330)
    pdf = pikepdf.open(SCAN)
    del pdf.pages[2]
    invisible_layer(pdf, pdf.pages[0], wrap(p1))
    invisible_layer(pdf, pdf.pages[1], [damage(l) for l in wrap(p2)])
    pdf.save(OUT + "layer-mixed.pdf")

    # legacy: TCVN3 and VNI text pages.
    # Body lines only: VN3 has no capitals with tone marks (ABC documents used a capitals font).
    def vn3(l):
        r = subprocess.run(["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"], input=l.encode(),
                           capture_output=True)
        ok = r.returncode == 0 and all(b >= 0x20 and not 0x80 <= b < 0xA0 for b in r.stdout)
        return r.stdout if ok else None
    body = [l.replace("“", '"').replace("”", '"') for l in lines[3:12]]
    text = [l for l in wrap(body, 80) if vn3(l) is not None][:8]
    tcvn = [vn3(l) for l in text]
    vni = [to_vni(l).encode("cp1252") for l in text]
    pdf = pikepdf.new()
    for font_name, enc_lines in ((".VnTime", tcvn), ("VNI-Times", vni)):
        font = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name("/" + font_name), Encoding=pikepdf.Name.WinAnsiEncoding))
        ops = ["BT", "/F1 12 Tf"]
        y = 780
        for l in enc_lines:
            ops.append(f"1 0 0 1 60 {y} Tm")
            ops.append("<" + l.hex() + "> Tj")
            y -= 16
        ops.append("ET")
        page = pikepdf.Page(pikepdf.Dictionary(
            Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
            Contents=pdf.make_stream("\n".join(ops).encode())))
        pdf.pages.append(page)
    pdf.save(OUT + "legacy.pdf")
    open(OUT + "legacy.expected.txt", "w").write("\n".join(text) + "\n")

    subprocess.run(["qpdf", "--encrypt", "kehoach-user", "kehoach-owner", "256", "--",
                    OUT + "legacy.pdf", OUT + "encrypted.pdf"], check=True)
    # Owner password only (printing/copying restrictions): readable, must not be refused.
    subprocess.run(["qpdf", "--encrypt", "", "kehoach-owner", "256", "--",
                    OUT + "legacy.pdf", OUT + "owner-password.pdf"], check=True)


VNI_TONE = {"\u0300": "ø", "\u0301": "ù", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
VNI_CIRC = {"": "â", "\u0300": "à", "\u0301": "á", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
VNI_BREVE = {"": "ê", "\u0300": "è", "\u0301": "é", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
VNI_I = {"\u0300": "ì", "\u0301": "í", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def to_vni(s):
    """Unicode → VNI-Windows (cp1252 view), by the structure of the encoding."""
    out = []
    for c in unicodedata.normalize("NFC", s):
        d = unicodedata.normalize("NFD", c)
        base, marks = d[0], d[1:]
        tone = next((m for m in marks if m in VNI_TONE), "")
        shape = next((m for m in marks if m in "\u0302\u0306\u031b"), "")
        up = base.isupper()
        low = base.lower()
        if c in "đĐ":
            r = "ñ"
        elif low == "i" and tone:
            r = VNI_I[tone]
        elif low == "y" and tone == "\u0323":
            r = "î"
        elif shape == "\u0302":
            r = low + VNI_CIRC[tone]
        elif shape == "\u0306":
            r = low + VNI_BREVE[tone]
        elif shape == "\u031b":
            r = {"o": "ô", "u": "ö"}[low] + (VNI_TONE[tone] if tone else "")
        elif tone:
            r = low + VNI_TONE[tone]
        else:
            out.append(c)
            continue
        out.append(r.upper() if up else r)
    return "".join(out)


if __name__ == "__main__":
    sys.exit(main())
