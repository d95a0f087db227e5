#!/usr/bin/env bash
# Renders a .docx to PDF with LibreOffice, the official faces mapped to free look-alikes:
#   test/tools/render-pdf.sh IN.docx OUT_DIR      (writes OUT_DIR/<name>.pdf)
# The document names the official faces (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312) as an office PC
# has them; this machine has free look-alikes, so a private fontconfig file maps the names for the
# rendering only; 楷体 maps to a Song face, since Debian's free Kai face draws some characters in
# traditional forms. The .docx itself is unchanged.
set -euo pipefail
in="$1"
out="$2"
command -v soffice >/dev/null || { echo "缺少 soffice：apt-get install -y libreoffice-writer-nogui fonts-noto-cjk" >&2; exit 1; }
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

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
  --convert-to pdf --outdir "$out" "$in" >/dev/null
