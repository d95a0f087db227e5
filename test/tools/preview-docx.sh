#!/usr/bin/env bash
# Renders the Zhangye fixture's bulletin.docx to PDF and PNG pages, to look at the layout without Word:
#   test/tools/preview-docx.sh [OUT_DIR]        (default out/preview)
# Needs LibreOffice and poppler (Debian: apt-get install -y --no-install-recommends
#   libreoffice-writer-nogui poppler-utils fonts-noto-cjk).
# The document names the official faces (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312) as an office PC
# has them; this machine has free look-alikes, so a private fontconfig file maps the names for the preview
# only; 楷体 maps to a Song face, since Debian's free Kai face draws some characters in traditional forms.
# The .docx itself is unchanged.
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

alias_for() { # official face → local substitute
  cat <<XML
  <alias binding="same"><family>$1</family><prefer><family>$2</family></prefer></alias>
XML
}
{
  echo '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
  echo '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
  alias_for "方正小标宋简体" "Noto Serif CJK SC Black"
  alias_for "仿宋_GB2312" "Noto Serif CJK SC"
  alias_for "仿宋" "Noto Serif CJK SC"
  alias_for "黑体" "Noto Sans CJK SC"
  alias_for "楷体_GB2312" "Noto Serif CJK SC"
  alias_for "宋体" "Noto Serif CJK SC"
  echo '</fontconfig>'
} > "$work/fonts.conf"

FONTCONFIG_FILE="$work/fonts.conf" soffice --headless -env:UserInstallation="file://$work/profile" \
  --convert-to pdf --outdir "$out" "$out/bulletin.docx" >/dev/null
pdftoppm -r 60 -png "$out/bulletin.pdf" "$out/page"
echo "已生成 $out/bulletin.pdf 和 $(ls "$out"/page-*.png | wc -l) 页 PNG：$out/page-*.png"
