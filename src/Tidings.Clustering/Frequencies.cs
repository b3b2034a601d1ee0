namespace Tidings.Clustering;

/// <summary>The clusterer's document frequencies and document count, and the IDF they give:
/// ln((N + 1) / (df + 1)) + 1, computed as ln(N + 1) − ln(df + 1) + 1 with ln(N + 1) cached per count and
/// ln(df + 1) from a table for the small frequencies almost every key has.</summary>
internal sealed class Frequencies
{
    private const int TableSize = 4096;
    private static readonly double[] LogTable = MakeLogTable();
    private int _documents;
    private double _logDocuments;
    private int[] _counts = new int[256];

    public Frequencies(FrequencyTable table, int documents)
    {
        Table = table;
        Documents = documents;
    }

    public FrequencyTable Table { get; set; }

    public int Documents
    {
        get => _documents;
        set
        {
            _documents = value;
            _logDocuments = Math.Log(value + 1.0);
        }
    }

    public double Idf(ulong key) => _logDocuments - Log(Table.Get(key) + 1) + 1.0;

    /// <summary>The IDF of each key as a float (each as <see cref="Idf(ulong)"/>), the keys looked up together
    /// (<see cref="FrequencyTable.GetMany"/>).</summary>
    public void Idf(ReadOnlySpan<ulong> keys, Span<float> idf)
    {
        if (_counts.Length < keys.Length)
            _counts = new int[Math.Max(keys.Length, 2 * _counts.Length)];
        var counts = _counts.AsSpan(0, keys.Length);
        Table.GetMany(keys, counts);
        for (int i = 0; i < counts.Length; i++)
            idf[i] = (float)(_logDocuments - Log(counts[i] + 1) + 1.0);
    }

    /// <summary>The IDF of a key never seen before.</summary>
    public double MaxIdf => _logDocuments + 1.0;

    private static double Log(int n) => (uint)n < TableSize ? LogTable[n] : Math.Log(n);

    private static double[] MakeLogTable()
    {
        var t = new double[TableSize];
        t[0] = double.NegativeInfinity;
        for (int i = 1; i < TableSize; i++)
            t[i] = Math.Log(i);
        return t;
    }
}
