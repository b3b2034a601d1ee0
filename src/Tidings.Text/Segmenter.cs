namespace Tidings.Text;

internal enum SegmentKind : byte
{
    /// <summary>A dictionary word (CC-CEDICT for Han, a Katakana run, an ICU word for Thai, Lao, Khmer, Myanmar).</summary>
    Word,
    /// <summary>A character bigram of text no dictionary word covers.</summary>
    Bigram,
    /// <summary>A proper name: a CC-CEDICT name entry, a run of Han transliteration characters, a Katakana run.</summary>
    Name,
}

internal readonly record struct Segment(int Start, int Length, SegmentKind Kind);

/// <summary>Segments a run of one unspaced script (see <see cref="Scripts.IsUnspaced(Script)"/>).</summary>
internal static class Segmenter
{
    /// <summary>Characters Chinese uses to write foreign names by sound (普京, 卢卡申科, 泽连斯基): a run of three or more
    /// of them that no dictionary word covers is taken for a name.</summary>
    private const string TransliterationHan =
        "阿埃艾安昂奥澳巴拜班邦保鲍贝本比彼毕庇波伯博布查达戴丹道德邓迪蒂丁东杜敦顿多厄恩尔法凡菲费芬丰弗福夫盖冈高戈格根贡古圭哈海汉豪赫亨胡华怀霍基吉加贾杰捷金卡开凯坎康柯科克肯库夸奎拉莱赖兰朗劳勒雷蕾里利莉丽列林琳龙卢鲁伦罗洛马玛迈麦曼梅门蒙米密明莫默姆穆纳娜奈内尼宁纽努诺帕潘庞佩彭皮珀普奇齐恰乔切钦琼丘萨塞森沙莎尚绍舍申什施舒斯松苏索塔泰坦汤唐特提廷汀图托瓦万旺威韦维温文沃乌伍西希锡谢辛休雅亚扬耶伊因英尤于约泽扎詹宗佐茨兹娃";

    private static readonly HashSet<char> TransliterationSet = [.. TransliterationHan];

    /// <summary>The locale of ICU's word breaker for a script it segments by dictionary (Thai, Lao, Khmer, Myanmar);
    /// null for the others.</summary>
    internal static string? IcuLocale(Script script) => script switch
    {
        Script.Thai => "th",
        Script.Lao => "lo",
        Script.Khmer => "km",
        Script.Myanmar => "my",
        _ => null,
    };

    /// <summary>The segments of a run. <paramref name="icuWords"/>: ICU's words of the run when its script is one
    /// <see cref="IcuLocale"/> names and ICU is reached (the caller breaks the run once for every use); without them
    /// such a run falls back to bigrams.</summary>
    internal static List<Segment> Segment(ReadOnlySpan<char> run, Script script, Lexicons lexicons, List<(int Start, int Length)>? icuWords)
    {
        var result = new List<Segment>();
        switch (script)
        {
            case Script.Han:
                SegmentHan(run, lexicons, result);
                break;
            case Script.Katakana:
                if (run.Length >= 2)
                    result.Add(new Segment(0, run.Length, run.Length >= 3 ? SegmentKind.Name : SegmentKind.Word));
                break;
            case Script.Thai or Script.Lao or Script.Khmer or Script.Myanmar when icuWords is not null:
                foreach (var (start, length) in icuWords)
                {
                    if (length >= 2)
                        result.Add(new Segment(start, length, SegmentKind.Word));
                }
                break;
            default:
                Bigrams(run, 0, run.Length, result);
                break;
        }
        return result;
    }

    private static void Bigrams(ReadOnlySpan<char> run, int from, int to, List<Segment> result)
    {
        for (int k = from; k + 1 < to; k++)
        {
            if (char.IsSurrogate(run[k]) || char.IsSurrogate(run[k + 1]))
                continue;
            result.Add(new Segment(k, 2, SegmentKind.Bigram));
        }
    }

    /// <summary>Forward longest match over CC-CEDICT's words (names first); what no word covers gives a name when it
    /// is a run of transliteration characters, else its bigrams.</summary>
    private static void SegmentHan(ReadOnlySpan<char> run, Lexicons lexicons, List<Segment> result)
    {
        int max = lexicons.MaxChineseWord;
        if (max == 0)
        {
            Bigrams(run, 0, run.Length, result);
            return;
        }
        int i = 0, uncoveredFrom = -1;
        while (i < run.Length)
        {
            int found = 0;
            bool isName = false;
            for (int len = Math.Min(max, run.Length - i); len >= 2; len--)
            {
                var kind = lexicons.ChineseWord(run.Slice(i, len));
                if (kind != ChineseWordKind.None)
                {
                    found = len;
                    isName = kind == ChineseWordKind.Name;
                    break;
                }
            }
            if (found == 0)
            {
                if (uncoveredFrom < 0)
                    uncoveredFrom = i;
                i++;
                continue;
            }
            if (uncoveredFrom >= 0)
            {
                Uncovered(run, uncoveredFrom, i, result);
                uncoveredFrom = -1;
            }
            result.Add(new Segment(i, found, isName ? SegmentKind.Name : SegmentKind.Word));
            i += found;
        }
        if (uncoveredFrom >= 0)
            Uncovered(run, uncoveredFrom, run.Length, result);
    }

    private static void Uncovered(ReadOnlySpan<char> run, int from, int to, List<Segment> result)
    {
        // the longest stretch of transliteration characters is a name when it has at least three
        int k = from;
        while (k < to)
        {
            int s = k;
            while (k < to && TransliterationSet.Contains(run[k]))
                k++;
            if (k - s >= 3)
            {
                Bigrams(run, from, s, result);
                result.Add(new Segment(s, k - s, SegmentKind.Name));
                from = k;
            }
            if (k == s)
                k++;
        }
        Bigrams(run, from, to, result);
    }
}
