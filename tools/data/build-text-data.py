#!/usr/bin/env python3
"""Regenerates src/Tidings.Text/Data/* from npm packages (run by developers, not by CI or at run time).

Sources (fetched by name with `npm pack`, versions pinned below):
  - cldr-localenames-full, cldr-dates-full (Unicode CLDR, Unicode License v3): country/territory names and
    time-zone exemplar city names in every locale -> gazetteer.tsv.gz (one place per line, all its names).
  - stopwords-iso (MIT): stopword lists for ~57 languages -> stopwords.tsv.gz (one language per line).
  - cldr-dates-full also gives the relative day names of every locale (yesterday, today, tomorrow, the day before
    yesterday and after tomorrow: "vorgestern", "i går", "hari ini") -> relative-days.tsv (language, words, offset).
  - cldr-numbers-full (Unicode CLDR, Unicode License v3): the compact decimal formats of every locale ("0 Millionen",
    "0 млн", "00 लाख", "0만") -> number-scales.tsv (scale word, multiplier, whether it is glued to the number, and the
    languages that write it so).
Usage: python3 tools/data/build-text-data.py   (needs node/npm and network access to the npm registry)
"""
import gzip, io, json, os, subprocess, sys, tarfile, tempfile, unicodedata

PACKAGES = {"cldr-localenames-full": "48.2.0", "cldr-dates-full": "48.2.0", "stopwords-iso": "1.1.0", "cldr-numbers-full": "48.2.0"}
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "src", "Tidings.Text", "Data")
# Languages that inflect a place name with endings (Москве, Warszawie, Helsingissä, Türkiye'de, României): a form
# of a name with an ending is looked for only when one of them gives the name.
INFLECTING = {
    "ru", "uk", "be", "bg", "mk", "sr", "hr", "bs", "sl", "cs", "sk", "pl", "hsb", "dsb", "lt", "lv", "et", "fi", "se",
    "smn", "hu", "tr", "az", "kk", "ky", "uz", "tk", "tt", "ba", "cv", "sah", "el", "ro", "sq", "hy", "ka", "eu", "la",
    "mn", "os", "ce", "fo",
}
# Territory codes that name no place are skipped: the world (001: "world" is a word, and "World" opens "World Health
# Organization"), Outlying Oceania (QO), the unknown region (ZZ), pseudo-locales (XA, XB). World regions given as
# numbers (Europe 150, Asia 142, Latin America 419) become R:<code>; the European Union, the eurozone and the United
# Nations (EU, EZ, UN), which news names in every language, X:<code>.
SKIP_TERRITORIES = {"001", "QO", "ZZ", "XA", "XB"}
BODIES = {"EU", "EZ", "UN"}


def fetch(tmp):
    trees = {}
    for name, version in PACKAGES.items():
        subprocess.run(["npm", "pack", f"{name}@{version}", "--silent"], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
        tgz = os.path.join(tmp, f"{name}-{version}.tgz")
        dest = os.path.join(tmp, name)
        with tarfile.open(tgz) as t:
            t.extractall(dest, filter="data")
        trees[name] = os.path.join(dest, "package")
    return trees


def base_locales(main_dir):
    # one locale per language or language-script (no region variants), which is what news text uses
    for loc in sorted(os.listdir(main_dir)):
        parts = loc.split("-")
        if len(parts) == 1 or (len(parts) == 2 and len(parts[1]) == 4):
            yield loc


def fold(name):
    # NFKC, as the analysis normalizes text (Armenian և is ե + ւ in text, Lao ຳ is ໍ + າ): a name kept in another
    # form would never match
    return unicodedata.normalize("NFKC", name.strip())


def main():
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        trees = fetch(tmp)
        places = {}  # id -> set(names)
        givers = {}  # casefolded name -> languages whose locales give it
        votes = {}  # (id, casefolded name) -> number of locales that give the place this name
        ln = os.path.join(trees["cldr-localenames-full"], "main")
        for loc in base_locales(ln):
            path = os.path.join(ln, loc, "territories.json")
            if not os.path.exists(path):
                continue
            terr = json.load(open(path, encoding="utf-8"))["main"][loc]["localeDisplayNames"]["territories"]
            for code, name in terr.items():
                if "-alt-" in code:
                    if code.endswith("-alt-short"):
                        code = code.split("-alt-")[0]
                    else:
                        continue
                if code in SKIP_TERRITORIES:
                    continue
                pid = ("R:" if code.isdigit() else "X:" if code in BODIES else "T:") + code
                # a body's abbreviations (ANO, OSN, BMT) are words of other languages (Czech ano, yes) when matched
                # without their capitals: place-aliases.tsv lists the ones news writes, matched in capitals only
                if code in BODIES and name.isupper():
                    continue
                places.setdefault(pid, set()).add(fold(name))
                votes[(pid, fold(name).casefold())] = votes.get((pid, fold(name).casefold()), 0) + 1
                givers.setdefault(fold(name).casefold(), set()).add(loc.split("-")[0])
        dd = os.path.join(trees["cldr-dates-full"], "main")
        for loc in base_locales(dd):
            path = os.path.join(dd, loc, "timeZoneNames.json")
            if not os.path.exists(path):
                continue
            zones = json.load(open(path, encoding="utf-8"))["main"][loc]["dates"]["timeZoneNames"].get("zone", {})

            def walk(node, prefix):
                for key, val in node.items():
                    if not isinstance(val, dict):
                        continue
                    if "exemplarCity" in val:
                        zid = prefix + key
                        if zid.startswith("Etc/"):
                            continue
                        places.setdefault("C:" + zid, set()).add(fold(val["exemplarCity"]))
                        key = ("C:" + zid, fold(val["exemplarCity"]).casefold())
                        votes[key] = votes.get(key, 0) + 1
                        givers.setdefault(key[1], set()).add(loc.split("-")[0])
                    else:
                        walk(val, prefix + key + "/")
            walk(zones, "")
        # add the zone id's own English city name (e.g. Europe/Moscow -> Moscow) for locales that inherit it
        for pid in list(places):
            if pid.startswith("C:"):
                places[pid].add(pid.split("/")[-1].replace("_", " "))
        # a name that points at two places belongs to the one at least three times as many locales give it (Mexico:
        # the country in most locales, Mexico City's exemplar name in a few); else to the country if the others are
        # cities; else it is ambiguous and kept for neither
        owners = {}
        for pid, names in places.items():
            for n in names:
                owners.setdefault(n.casefold(), set()).add(pid)

        def owns(pid, n):
            rivals = owners[n.casefold()]
            if len(rivals) == 1:
                return True
            mine = votes.get((pid, n.casefold()), 0)
            others = [o for o in rivals if o != pid]
            if all(mine >= 3 * max(1, votes.get((o, n.casefold()), 0)) for o in others):
                return True
            # a country and a city of one name without such a majority (a city-state, or a country named after its
            # capital, in a locale that gives both: Thai สิงคโปร์, Arabic الكويت) is the country, as it is in the
            # locales whose votes decide it (English Singapore, Kuwait); kept for neither, the name matched nothing
            return pid.startswith("T:") and all(o.startswith("C:") and 3 * max(1, mine) > votes.get((o, n.casefold()), 0) for o in others)

        lines = []
        for pid in sorted(places):
            names = sorted(n for n in places[pid] if len(n) >= 2 and owns(pid, n))
            # "=" marks a name no language that inflects names gives (Nowe, Luganda's Norway): the analysis matches
            # it only as written, never as an inflected form (Polish Nowej, "new", is not Norway)
            names = [n if givers.get(n.casefold(), set()) & INFLECTING else "=" + n for n in names]
            if names:
                lines.append(pid + "\t" + "\t".join(names))
        with gzip.open(os.path.join(OUT, "gazetteer.tsv.gz"), "wt", encoding="utf-8", compresslevel=9) as f:
            f.write("\n".join(lines) + "\n")
        sw = json.load(open(os.path.join(trees["stopwords-iso"], "stopwords-iso.json"), encoding="utf-8"))
        with gzip.open(os.path.join(OUT, "stopwords.tsv.gz"), "wt", encoding="utf-8", compresslevel=9) as f:
            for lang in sorted(sw):
                words = sorted({w.strip().lower() for w in sw[lang] if w.strip() and "\t" not in w})
                f.write(lang + "\t" + "\t".join(words) + "\n")
        relative = relative_days(os.path.join(trees["cldr-dates-full"], "main"))
        with open(os.path.join(OUT, "relative-days.tsv"), "w", encoding="utf-8") as f:
            f.write("# Relative day names from CLDR's date fields (cldr-dates-full 48.2.0, Unicode License v3), written by\n")
            f.write("# tools/data/build-text-data.py: language, the name (one or two words), days from the publication date.\n")
            for lang, word, offset in relative:
                f.write(f"{lang}\t{word}\t{offset}\n")
        scales = number_scales(os.path.join(trees["cldr-numbers-full"], "main"))
        with open(os.path.join(OUT, "number-scales.tsv"), "w", encoding="utf-8") as f:
            f.write("# Scale words of numbers from CLDR's compact decimal formats (cldr-numbers-full 48.2.0, Unicode License v3),\n")
            f.write("# written by tools/data/build-text-data.py: word, multiplier, glued (1: written right after the digits,\n")
            f.write("# 万, 만), languages that write the word with that multiplier.\n")
            for (word, mult, glued), langs in sorted(scales.items()):
                f.write(f"{word}\t{mult}\t{1 if glued else 0}\t{','.join(sorted(langs))}\n")
    print(f"gazetteer: {len(lines)} places; stopwords: {len(sw)} languages; number scales: {len(scales)} -> {OUT}")


# short scale words that are also units of measure where they are written (Catalan kM, a thousand millions, is km)
UNIT_SYMBOLS = {"km", "mm", "cm", "kg", "mg", "ml", "mw", "kw", "gw"}
BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"))


def number_scales(main_dir):
    """(word, multiplier, glued) -> languages, from the long and short compact decimal formats: "00 лакх" under key
    1000000 is the word лакх times 10^6 / 10^(2-1). Only patterns that put the digits first; single Latin letters (K, M,
    B: the metre's m, a Mr.), units of measure (UNIT_SYMBOLS) and words with digits are left out."""
    out = {}
    for loc in base_locales(main_dir):
        path = os.path.join(main_dir, loc, "numbers.json")
        if not os.path.exists(path):
            continue
        numbers = json.load(open(path, encoding="utf-8"))["main"][loc]["numbers"]
        lang = loc.split("-")[0]
        for system in {"latn", numbers.get("defaultNumberingSystem", "latn")}:
            formats = numbers.get(f"decimalFormats-numberSystem-{system}", {})
            for width in ("long", "short"):
                for key, pattern in formats.get(width, {}).get("decimalFormat", {}).items():
                    power = key.split("-")[0]
                    if not power.isdigit():
                        continue
                    text = unicodedata.normalize("NFKC", pattern.translate(BIDI)).replace("'", "")
                    zeros = len(text) - len(text.lstrip("0"))
                    if zeros == 0:
                        continue
                    rest = text[zeros:]
                    glued = not rest[:1].isspace()
                    word = rest.strip().rstrip(".").lower()
                    if not word or any(c.isdigit() or c == "0" for c in word) or " " in word:
                        continue
                    if (len(word) == 1 and word.isascii()) or word in UNIT_SYMBOLS:
                        continue
                    mult = int(power) // 10 ** (zeros - 1)
                    if mult < 100:
                        continue
                    out.setdefault((word, mult, glued), set()).add(lang)
    return out


def relative_days(main_dir):
    """(language, name, offset): the day fields' relative-type -2..2 of every base locale, lower case, NFKC; a name
    of more than two words, or one a language gives two offsets (Hindi कल is yesterday and tomorrow), is left out."""
    seen = {}
    for loc in base_locales(main_dir):
        path = os.path.join(main_dir, loc, "dateFields.json")
        if not os.path.exists(path):
            continue
        fields = json.load(open(path, encoding="utf-8"))["main"][loc]["dates"]["fields"]
        lang = loc.split("-")[0]
        for width in ("day", "day-short"):
            for key, name in fields.get(width, {}).items():
                if not key.startswith("relative-type-"):
                    continue
                offset = int(key[len("relative-type-"):])
                word = " ".join(unicodedata.normalize("NFKC", name.translate(BIDI)).lower().split())
                if not word or len(word.split(" ")) > 2 or any(c.isdigit() for c in word):
                    continue
                seen.setdefault((lang, word), set()).add(offset)
    return sorted((lang, word, next(iter(offsets))) for (lang, word), offsets in seen.items() if len(offsets) == 1)


if __name__ == "__main__":
    sys.exit(main())
