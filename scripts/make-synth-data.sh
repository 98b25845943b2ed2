#!/usr/bin/env bash
# Regenerates every synthetic artefact of kehoach-synth, deterministically (fixed seeds).
#
#   scripts/make-synth-data.sh [STAGE...]     stages: scan004 ocr004 fax004 table channel realism stats layouts (default: all)
#
# Needs (Debian): tesseract-ocr tesseract-ocr-eng tesseract-ocr-vie poppler-utils hunspell-vi
#   fonts-liberation2 fonts-freefont-ttf fonts-noto-core fonts-dejavu-core python3 python3-pip
# and PyPI reachable for pyvi's word list (pip download pyvi==0.1.1).
#
# Outputs: big files in target/synth/, small ones in fixtures/synth/ and dictionaries/channel/.
# Set DROP=DIR to also copy finished artefacts to DIR (with a README line per file).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=target/synth
FIX=fixtures/synth
mkdir -p "$OUT" "$FIX" dictionaries/channel
export OMP_THREAD_LIMIT=1   # tesseract: one thread per process, we run two processes
JOBS=${JOBS:-2}
SEED004=fixtures/seeds/004_654d23b1dcbb925c.txt
SEED003=fixtures/seeds/003_c13568a1ac7b3f6f.txt
BIN=target/release/kehoach-synth
STAGES=${*:-scan004 ocr004 fax004 table channel realism stats layouts}

cargo build --release -q -p kehoach-synth

drop() { # drop FILE DESCRIPTION: copy to $DROP with a README line
  [ -n "${DROP:-}" ] || return 0
  mkdir -p "$DROP"
  cp "$1" "$DROP/"
  local name; name=$(basename "$1")
  touch "$DROP/README.txt"
  grep -v "^$name	" "$DROP/README.txt" > "$DROP/README.txt.new" || true
  printf '%s\t%s\n' "$name" "$2" >> "$DROP/README.txt.new"
  mv "$DROP/README.txt.new" "$DROP/README.txt"
}

# ocr_pdf PDF LANG OUT.txt: OCR every page image of an image-only PDF, pages concatenated
# (blank line between pages). The images are extracted exactly as stored (pdfimages -j:
# JPEG pages as .jpg, bilevel pages as .pbm), so OCR sees what the PDF holds.
extract_pages() { # extract_pages PDF DIR
  pdfimages -j "$1" "$2/p"
}
page_images() { find "$1" -maxdepth 1 \( -name 'p-*.jpg' -o -name 'p-*.pbm' \) | sort; }
ocr_pdf() {
  local pdf=$1 lang=$2 out=$3 dir
  dir=$OUT/ocr-pages/$(basename "$pdf" .pdf)   # per-page outputs are kept for the held-out check
  mkdir -p "$dir"
  [ -n "$(page_images "$dir")" ] || extract_pages "$pdf" "$dir"
  page_images "$dir" | xargs -P "$JOBS" -I{} sh -c 'tesseract "$1" "${1%.*}.'"$lang"'" -l '"$lang"' --psm 3 quiet' _ {}
  : > "$out"
  for t in $(ls "$dir"/p-*."$lang".txt | sort); do
    tr -d '\f' < "$t" >> "$out"
    echo >> "$out"
  done
}

# tsv_pdf PDF OUT.tsv: Tesseract -l vie --psm 3 word boxes of every page image as stored in
# the PDF (at the scan's own resolution), one TSV for all pages with page_num = PDF page.
tsv_pdf() {
  local tmp p n
  tmp=$(mktemp -d)
  extract_pages "$1" "$tmp"
  : > "$2"
  for p in $(page_images "$tmp"); do
    tesseract "$p" "${p%.*}" -l vie --psm 3 quiet tsv
    n=$(basename "${p%.*}"); n=$((10#${n#p-} + 1))
    # tesseract's page_num is 1 per image, so we rewrite it
    awk -v pg=$n 'BEGIN{FS=OFS="\t"} NR==1 {if (pg==1) print; next} {$2=pg; print}' "${p%.*}.tsv" >> "$2"
  done
  rm -rf "$tmp"
}

for stage in $STAGES; do
case $stage in
scan004)
  # All of seed 004 as a 300 dpi grayscale office scan: light noise, skew up to 0.8°, JPEG q75.
  rm -rf $OUT/ocr-pages/004.full.jpeg
  $BIN render --input $SEED004 --truth $OUT/004.full.truth.txt --pdf $OUT/004.full.jpeg.pdf \
      --preset light --dpi 300 --noise 5 --jpeg-quality 75 --font liberation-serif --seed 4
  pages=$(pdfinfo $OUT/004.full.jpeg.pdf | awk '/^Pages:/ {print $2}')
  [ "$pages" -ge 20 ] || { echo "004.full.jpeg.pdf has only $pages pages" >&2; exit 1; }
  cp $OUT/004.full.truth.txt $FIX/004.full.truth.txt
  drop $OUT/004.full.jpeg.pdf "seed 004 rendered as a $pages-page 300 dpi grayscale JPEG scan (Liberation Serif 13pt, light noise, skew <=0.8deg, q75); image-only; for the OCR speed benchmark"
  drop $FIX/004.full.truth.txt "the exact text printed in 004.full.jpeg.pdf (wrapped lines, form feed between pages)"
  ;;
ocr004)
  for lang in eng vie; do
    ocr_pdf $OUT/004.full.jpeg.pdf $lang $FIX/004.full.ocr-$lang.txt
  done
  drop $FIX/004.full.ocr-eng.txt "restoration benchmark input: 004 rendered to a scan (004.full.jpeg.pdf) and OCR'd with tesseract -l eng --psm 3, pages concatenated"
  drop $FIX/004.full.ocr-vie.txt "004.full.jpeg.pdf OCR'd with tesseract -l vie --psm 3, pages concatenated"
  ;;
fax004)
  # Seed 004 as a bad 150 dpi fax (CCITT G4, 1.5° skew, specks), like fixtures/scans/003.
  rm -rf $OUT/ocr-pages/004.full.ccitt
  $BIN render --input $SEED004 --pdf $OUT/004.full.ccitt.pdf --preset fax --dpi 150 --font liberation-serif --seed 5
  for lang in eng vie; do
    ocr_pdf $OUT/004.full.ccitt.pdf $lang $FIX/004.fax.ocr-$lang.txt
  done
  drop $OUT/004.full.ccitt.pdf "seed 004 rendered as a 150 dpi CCITT G4 bilevel fax (1.5deg skew, specks), same text and line breaks as 004.full.jpeg.pdf (truth: 004.full.truth.txt)"
  drop $FIX/004.fax.ocr-eng.txt "004.full.ccitt.pdf OCR'd with tesseract -l eng --psm 3 (harder restoration input)"
  drop $FIX/004.fax.ocr-vie.txt "004.full.ccitt.pdf OCR'd with tesseract -l vie --psm 3"
  ;;
layouts)
  # The hand-written plans of fixtures/layouts as one-page 200 dpi office scans (tests/layouts.rs).
  for f in commune_lettered_fields parent_body_other_labels department_dash_headings committee_numbered_groups police_restart_numbering district_short_labels province_inline_fields district_ordinal_models department_lettered_sections urban_district_bullets ward_bulleted_models; do
    rm -rf $OUT/ocr-pages/$f.jpeg
    src=fixtures/layouts/$f.txt; [ -f "$src" ] || src=fixtures/layouts/$f.md
    $BIN render --input $src --truth $OUT/$f.truth.txt --pdf fixtures/layouts/$f.jpeg.pdf \
        --preset light --dpi 200 --noise 5 --jpeg-quality 60 --font liberation-serif --seed 4
    # English-model OCR of the scan: the restoration benchmark's row for text no model saw.
    ocr_pdf fixtures/layouts/$f.jpeg.pdf eng fixtures/layouts/$f.ocr-eng.txt
  done
  # An appendix with columns outside the contract ("Sản phẩm", "Kinh phí"); OCR loses one
  # header cell of this scan, which tests/layouts.rs relies on.
  $BIN render --input fixtures/layouts/district_extra_columns.md \
      --pdf fixtures/layouts/district_extra_columns.jpeg.pdf \
      --preset light --dpi 200 --noise 5 --jpeg-quality 60 --font liberation-serif --seed 4
  # Its longer sibling: a three-page scan whose table header loses three cells to OCR.
  $BIN render --input fixtures/layouts/district_long_appendix.md \
      --pdf fixtures/layouts/district_long_appendix.jpeg.pdf \
      --preset light --dpi 200 --noise 5 --jpeg-quality 60 --font liberation-serif --seed 4
  # A plan whose models are listed only in a ruled table (its Markdown pipe table printed as a
  # grid). No English-model OCR: OCR reads a table in another order than the text's.
  # Each also as a bad 150 dpi fax (CCITT G4, skew, specks). Their Vietnamese-model OCR is the
  # restoration benchmark's row for words glued in narrow cells.
  for f in district_table_groups ward_table_only commune_implementers_table; do
    rm -rf $OUT/ocr-pages/$f.jpeg $OUT/ocr-pages/$f.ccitt
    $BIN render --input fixtures/layouts/$f.md --pdf fixtures/layouts/$f.jpeg.pdf \
        --preset light --dpi 200 --noise 5 --jpeg-quality 60 --font liberation-serif --seed 4
    $BIN render --input fixtures/layouts/$f.md --pdf fixtures/layouts/$f.ccitt.pdf \
        --preset fax --dpi 150 --font liberation-serif --seed 5
    ocr_pdf fixtures/layouts/$f.jpeg.pdf vie fixtures/layouts/$f.ocr-vie.txt
    ocr_pdf fixtures/layouts/$f.ccitt.pdf vie fixtures/layouts/$f.ccitt.ocr-vie.txt
  done
  ;;
table)
  # Appendix of gold 000 as a landscape 200 dpi grayscale scan, and as a 150 dpi fax.
  $BIN table --gold fixtures/gold/000.gold.json --truth-json $FIX/000.appendix.layout.json \
      --pdf $FIX/000.appendix.jpeg.pdf --preset light --dpi 200 --noise 4 --jpeg-quality 65 --seed 100
  $BIN table --gold fixtures/gold/000.gold.json --pdf $FIX/000.appendix.ccitt.pdf --preset fax --dpi 150 --seed 101
  tsv_pdf $FIX/000.appendix.jpeg.pdf $FIX/000.appendix.ocr-vie.tsv
  tsv_pdf $FIX/000.appendix.ccitt.pdf $FIX/000.appendix.ccitt.ocr-vie.tsv
  drop $FIX/000.appendix.jpeg.pdf "appendix table of gold 000 (rows + model titles), ruled grid, header repeated per page, landscape A4 200 dpi grayscale JPEG scan"
  drop $FIX/000.appendix.ccitt.pdf "the same table as a 150 dpi CCITT G4 bilevel fax scan"
  drop $FIX/000.appendix.layout.json "answer key of the table scans: input rows and, per page, every cell's box (pixels at the stated dpi, before skew) and wrapped lines"
  drop $FIX/000.appendix.ocr-vie.tsv "tesseract -l vie --psm 3 TSV word boxes of 000.appendix.jpeg.pdf (page_num = PDF page)"
  drop $FIX/000.appendix.ccitt.ocr-vie.tsv "tesseract -l vie --psm 3 TSV word boxes of 000.appendix.ccitt.pdf at its own 150 dpi (page_num = PDF page)"
  ;;
channel)
  # Learning text: generated Vietnamese (pyvi words + hunspell-vi syllables, numbers, codes,
  # punctuation, capitals) with ~12% paragraphs of seed 003. Never seed 004.
  mkdir -p $OUT/pyvi
  if [ ! -f $OUT/pyvi/words.txt ]; then
    pip download --no-deps -q -d $OUT/pyvi pyvi==0.1.1
    python3 -c "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); open(sys.argv[2],'wb').write(z.read('pyvi/models/words.txt'))" \
        $OUT/pyvi/pyvi-0.1.1-py2.py3-none-any.whl $OUT/pyvi/words.txt
  fi
  CORPUS_PAGES=${CORPUS_PAGES:-192}
  corpus_cmd="$BIN corpus --hunspell /usr/share/hunspell/vi_VN.dic --words $OUT/pyvi/words.txt --real $SEED003 --real-share 0.12 --pages $CORPUS_PAGES --fonts liberation-serif,freeserif,noto-serif,dejavu-serif --presets clean,light,heavy,fax --seed 2026 --out-dir $OUT/corpus"
  rm -rf $OUT/corpus
  $corpus_cmd
  for lang in ${CHANNEL_LANGS:-eng vie}; do
    ls $OUT/corpus/page-*.png | xargs -P "$JOBS" -I{} sh -c 'tesseract "$1" "${1%.png}.'"$lang"'" -l '"$lang"' --psm 3 quiet' _ {}
    $BIN channel --dir $OUT/corpus --lang $lang --out dictionaries/channel/$lang.tsv \
      --header "kehoach OCR channel model: Tesseract $(tesseract --version 2>&1 | head -1 | awk '{print $2}') -l $lang --psm 3 confusions, truth n-gram -> OCR n-gram (0-3 chars each side)" \
      --header "date: $(date -u +%Y-%m-%d)" \
      --header "learning text: sentences generated (seed 2026) from pyvi 0.1.1 words.txt (MIT) and hunspell-vi vi_VN.dic syllables (GPL-2, Debian hunspell-vi), with numbers, dates, document codes, punctuation, capitals, ALL-CAPS lines; about 12% of paragraphs are seed 003 (fixtures/seeds/003_c13568a1ac7b3f6f.txt, Markdown removed); seed 004 and all other test documents excluded" \
      --header "pages: rendered by kehoach-synth, OCR'd one image per page; corpus: $corpus_cmd" \
      --header "regenerate: CHANNEL_LANGS=$lang scripts/make-synth-data.sh channel"
    drop dictionaries/channel/$lang.tsv "learned OCR channel model for tesseract -l $lang --psm 3 ($CORPUS_PAGES learning pages, 4 serif fonts x clean/light/heavy/fax): truth<TAB>ocr<TAB>count, 0-3 chars each side, NFC, identities included, see its # header; = dictionaries/channel/$lang.tsv on branch synth"
  done
  ;;
realism)
  # Is the 004 render as hard for Tesseract as the project's own scan fixtures/scans/004.p1-4?
  # OCR the fixture's 4 pages and our render's first 4 pages; score each against the seed's
  # first N syllables, N = syllables of its -l vie OCR (vie reads ~99.7%, so N ~ the prefix).
  R=$OUT/realism; rm -rf $R; mkdir -p $R
  pdfimages -j fixtures/scans/004.p1-4.jpeg.pdf $R/fixture
  pdfimages -j -l 4 $OUT/004.full.jpeg.pdf $R/render
  ls $R/*.jpg | xargs -P "$JOBS" -I{} sh -c 'for l in eng vie; do tesseract "$1" "${1%.jpg}.$l" -l $l --psm 3 quiet; done' _ {}
  for s in fixture render; do
    for l in eng vie; do cat $R/$s-00[0-3].$l.txt | tr -d '\f' > $R/$s.$l.txt; done
    python3 -c "import re,sys,unicodedata as u; t=lambda p: re.findall(r'\w+', u.normalize('NFC', open(p).read()).lower()); n=len(t(sys.argv[2])); open(sys.argv[3],'w').write(' '.join(t(sys.argv[1])[:n]))" \
      $SEED004 $R/$s.vie.txt $R/$s.truth.txt
  done
  ;;
stats)
  {
    cat <<INTRO
# kehoach-synth: synthetic scans and the OCR channel model — measurements

Generated by \`scripts/make-synth-data.sh stats\` on $(date -u +%Y-%m-%d) ($(tesseract --version 2>&1 | head -1),
Debian tessdata eng/vie; $(getconf _NPROCESSORS_ONLN) cores shared with other builds). Every figure below is printed by the command
shown with it; inputs are regenerated by the other stages of the same script (fixed seeds).

Definitions. *Syllable accuracy*: the texts are NFC-normalised and lower-cased, split into \`\\w+\` tokens, and
aligned by unit-cost edit distance over the whole document; accuracy = truth tokens aligned to an identical OCR
token / truth tokens. *Channel table*: see the \`#\` header of dictionaries/channel/*.tsv.

Inputs measured:
- \`target/synth/004.full.jpeg.pdf\` — all of seed 004, $(pdfinfo $OUT/004.full.jpeg.pdf 2>/dev/null | awk '/^Pages:/ {print $2}') pages, 300 dpi grey JPEG q75, Liberation Serif 13 pt,
  light noise (σ 5), blur σ 0.6, skew uniform in ±0.8° per page (\`kehoach-synth render --preset light --noise 5 --jpeg-quality 75 --seed 4\`);
  truth = \`fixtures/synth/004.full.truth.txt\`; OCR = \`tesseract PAGE -l LANG --psm 3\` per page image as stored in the PDF
  (\`pdfimages -j\`), pages concatenated.
- \`target/synth/004.full.ccitt.pdf\` — the same text as a 150 dpi CCITT G4 fax (1.5° skew, blur, threshold 150, specks).

## OCR syllable accuracy
INTRO
    for lang in eng vie; do
      echo "### 004 render, tesseract -l $lang"
      echo '```'
      echo "\$ $BIN accuracy --truth $FIX/004.full.truth.txt --ocr $FIX/004.full.ocr-$lang.txt"
      $BIN accuracy --truth $FIX/004.full.truth.txt --ocr $FIX/004.full.ocr-$lang.txt
      echo '```'
      echo "### 004 fax render (150 dpi CCITT), tesseract -l $lang"
      echo '```'
      echo "\$ $BIN accuracy --truth $FIX/004.full.truth.txt --ocr $FIX/004.fax.ocr-$lang.txt"
      $BIN accuracy --truth $FIX/004.full.truth.txt --ocr $FIX/004.fax.ocr-$lang.txt
      echo '```'
    done
    echo
    echo "## Realism: our render against the project's scan fixture"
    echo
    echo "fixtures/scans/004.p1-4.jpeg.pdf (the project's own 4-page scan of 004) and the first 4 pages of our render, each OCR'd and scored"
    echo "against the first N syllables of seed 004, N = the syllable count of its -l vie OCR (stage \`realism\` of the script)."
    echo
    if [ -d $OUT/realism ]; then
      for s in fixture render; do for lang in eng vie; do
        echo "### first 4 pages, $s, tesseract -l $lang (\`$BIN accuracy --truth $OUT/realism/$s.truth.txt --ocr $OUT/realism/$s.$lang.txt\`)"
        echo '```'
        $BIN accuracy --truth $OUT/realism/$s.truth.txt --ocr $OUT/realism/$s.$lang.txt
        echo '```'
      done; done
    fi
    echo
    echo "## Held-out check: do the channel tables predict the errors on the 004 render?"
    echo
    echo "The 004 render was never learned from. Its pages are aligned with the truth the same way and the resulting"
    echo "confusions are compared with the table."
    echo
    for lang in eng vie; do
      if [ -f $OUT/ocr-pages/004.full.jpeg/p-000.$lang.txt ]; then
        echo "### held-out check of $lang.tsv on the 004 render (\`$BIN heldout --table dictionaries/channel/$lang.tsv --truth $FIX/004.full.truth.txt --ocr-pages $OUT/ocr-pages/004.full.jpeg --lang $lang\`)"
        echo
        $BIN heldout --table dictionaries/channel/$lang.tsv --truth $FIX/004.full.truth.txt --ocr-pages $OUT/ocr-pages/004.full.jpeg --lang $lang
        echo
      fi
    done
    echo "## Channel tables: what went in, top confusions"
    echo
    for lang in eng vie; do
      echo "### channel table $lang (\`$BIN stats --table dictionaries/channel/$lang.tsv --top 30\`)"
      grep '^# learning pages' dictionaries/channel/$lang.tsv | sed 's/^# /Learning text: /' || true
      echo
      $BIN stats --table dictionaries/channel/$lang.tsv --top 30
      echo
    done
  } > benches/results/synth.md
  cat benches/results/synth.md
  drop benches/results/synth.md "measurements: OCR syllable accuracy of the 004 renders (eng/vie), realism check against fixtures/scans/004, held-out check and top confusions of the channel tables; = benches/results/synth.md on branch synth"
  ;;
*) echo "unknown stage $stage" >&2; exit 2 ;;
esac
done
