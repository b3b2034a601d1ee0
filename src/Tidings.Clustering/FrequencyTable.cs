using System.Runtime.CompilerServices;

namespace Tidings.Clustering;

/// <summary>Document frequencies by feature key: an open-addressing hash table (linear probing, Fibonacci hashing of
/// the key, one array of keys and one of counts). The clusterer looks up every key of every article and of every
/// candidate story's profile in a table of millions of keys, so a lookup is one cache miss here against two in a
/// <see cref="Dictionary{TKey, TValue}"/> (bucket, then entry), and a slot is 12 bytes against 24 plus 4.</summary>
internal sealed class FrequencyTable
{
    private const double MaxLoad = 0.7;
    private ulong[] _keys;
    private int[] _values;
    private int _shift;
    private int _count;
    private int _limit;

    // key 0 marks an empty slot; a real key 0 (never made by FeatureVector.Key, whose top byte is the kind) is kept apart
    private bool _hasZero;
    private int _zero;

    public FrequencyTable(int capacity = 0)
    {
        int size = 16;
        while (size * MaxLoad < capacity)
            size *= 2;
        _keys = new ulong[size];
        _values = new int[size];
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)size);
        _limit = (int)(size * MaxLoad);
    }

    public int Count => _count + (_hasZero ? 1 : 0);

    /// <summary>The bytes its two arrays take.</summary>
    public long Bytes => (long)_keys.Length * (sizeof(ulong) + sizeof(int));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);

    /// <summary>The slot holding <paramref name="key"/> (not 0), or -1 when it is absent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Find(ulong key)
    {
        var keys = _keys;
        int mask = keys.Length - 1;
        for (int i = Slot(key); ; i = (i + 1) & mask)
        {
            ulong k = keys[i];
            if (k == key)
                return i;
            if (k == 0)
                return -1;
        }
    }

    /// <summary>The count of <paramref name="key"/> (0 when absent).</summary>
    public int Get(ulong key)
    {
        if (key == 0)
            return _zero;
        int i = Find(key);
        return i >= 0 ? _values[i] : 0;
    }

    public bool ContainsKey(ulong key) => key == 0 ? _hasZero : Find(key) >= 0;

    public bool TryGetValue(ulong key, out int value)
    {
        if (key == 0)
        {
            value = _zero;
            return _hasZero;
        }
        int i = Find(key);
        value = i >= 0 ? _values[i] : 0;
        return i >= 0;
    }

    /// <summary>A reference to the count of <paramref name="key"/>, added with 0 when absent. Valid until the next add.</summary>
    public ref int GetOrAdd(ulong key)
    {
        if (key == 0)
        {
            _hasZero = true;
            return ref _zero;
        }
        if (_count >= _limit)
            Grow();
        var keys = _keys;
        int mask = keys.Length - 1;
        int i = Slot(key);
        while (true)
        {
            ulong k = keys[i];
            if (k == key)
                return ref _values[i];
            if (k == 0)
            {
                keys[i] = key;
                _count++;
                return ref _values[i];
            }
            i = (i + 1) & mask;
        }
    }

    public int this[ulong key]
    {
        get => Get(key);
        set => GetOrAdd(key) = value;
    }

    public void Clear()
    {
        Array.Clear(_keys);
        Array.Clear(_values);
        _count = 0;
        _hasZero = false;
        _zero = 0;
    }

    /// <summary>Every key and count (in no particular order).</summary>
    public IEnumerable<KeyValuePair<ulong, int>> Pairs()
    {
        if (_hasZero)
            yield return new(0, _zero);
        for (int i = 0; i < _keys.Length; i++)
        {
            if (_keys[i] != 0)
                yield return new(_keys[i], _values[i]);
        }
    }

    public Dictionary<ulong, int> ToDictionary()
    {
        var d = new Dictionary<ulong, int>(Count);
        foreach (var (k, v) in Pairs())
            d[k] = v;
        return d;
    }

    private void Grow()
    {
        var oldKeys = _keys;
        var oldValues = _values;
        int size = oldKeys.Length * 2;
        _keys = new ulong[size];
        _values = new int[size];
        _shift--;
        _limit = (int)(size * MaxLoad);
        int mask = size - 1;
        for (int j = 0; j < oldKeys.Length; j++)
        {
            ulong key = oldKeys[j];
            if (key == 0)
                continue;
            int i = Slot(key);
            while (_keys[i] != 0)
                i = (i + 1) & mask;
            _keys[i] = key;
            _values[i] = oldValues[j];
        }
    }
}
