#!/usr/bin/env bash
# Renders the Zhangye fixture's bulletin.docx to PDF and PNG pages, to look at the layout without Word:
#   test/tools/preview-docx.sh [OUT_DIR]        (default out/preview)
# Needs LibreOffice and poppler (Debian: apt-get install -y --no-install-recommends
#   libreoffice-writer-nogui poppler-utils fonts-noto-cjk).
# The official faces are mapped to free look-alikes for the rendering (test/tools/render-pdf.sh); the
# GB/T 9704 positions measured on the PDF are printed (test/tools/measure-pdf.ts).
set -euo pipefail

cd "$(dirname "$0")/../.."
out="${1:-out/preview}"
for tool in soffice pdftoppm; do
  command -v "$tool" >/dev/null || { echo "缺少 $tool：apt-get install -y libreoffice-writer-nogui poppler-utils fonts-noto-cjk" >&2; exit 1; }
done

rm -rf "$out" && mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

DATABASE_URL="file:$work/preview.db" npx tsx src/cli.ts bulletin \
  --workspace test/fixtures/zhangye/workspace.yaml --figures test/fixtures/zhangye/figures.csv \
  --period 2023-12 --issued 2024-01-09 --number 1 --out "$out" >/dev/null

test/tools/render-pdf.sh "$out/bulletin.docx" "$out"
npx tsx test/tools/measure-pdf.ts "$out"
pdftoppm -r 60 -png "$out/bulletin.pdf" "$out/page"
echo "已生成 $out/bulletin.pdf 和 $(ls "$out"/page-*.png | wc -l) 页 PNG：$out/page-*.png"
