#!/bin/sh
# Seeds each target's corpus (fuzz/corpus/TARGET, not committed) from the
# fixtures, and for the workbook target from workbooks written by the tests'
# exporter if any are lying around in fixtures/.
set -eu
cd "$(dirname "$0")"
root=..
mkdir -p corpus/text corpus/xlsx corpus/json corpus/csv corpus/html corpus/docx corpus/doc corpus/pdf
find "$root/fixtures" -type f \( -name '*.txt' -o -name '*.md' -o -name '*.text' \) \
    ! -name '*.expected.*' -exec cp {} corpus/text/ \;
find "$root/fixtures" -type f -name '*.json' ! -name '*.numbers.json' \
    -exec cp {} corpus/json/ \;
find "$root/fixtures" -type f -name '*.csv' -exec cp {} corpus/csv/ \;
find "$root/fixtures" -type f \( -name '*.xlsx' -o -name '*.ods' -o -name '*.xls' \) \
    -exec cp {} corpus/xlsx/ \;
# Reports written as CSV and XLSX by the command line, when it is built.
bin="$root/target/debug/nianbao"
if [ -x "$bin" ]; then
    for f in "$root"/fixtures/seeds/*.txt; do
        n=$(basename "$f" .txt)
        "$bin" convert "$f" -o "corpus/csv/$n.csv" >/dev/null 2>&1 || true
        "$bin" convert "$f" -o "corpus/xlsx/$n.xlsx" >/dev/null 2>&1 || true
    done
fi
# A dataset CSV of two reports, for the dataset reader.
if [ -x "$bin" ]; then
    "$bin" batch -q "$root/fixtures/seeds" -o corpus/csv/.dataset.csv >/dev/null 2>&1 && head -401 corpus/csv/.dataset.csv > corpus/csv/dataset-two.csv
    rm -f corpus/csv/.dataset.csv
fi
find "$root/fixtures" -type f \( -name '*.html' -o -name '*.htm' -o -name '*.mhtml' \) -exec cp {} corpus/html/ \;
find "$root/fixtures" -type f -name '*.docx' -exec cp {} corpus/docx/ \;
find "$root/fixtures" -type f -name '*.pdf' -exec cp {} corpus/pdf/ \;
find "$root/fixtures" -type f -name '*.doc' -exec cp {} corpus/doc/ \;
for t in text xlsx json csv html docx doc pdf; do
    echo "$t: $(ls corpus/$t | wc -l) seeds"
done
