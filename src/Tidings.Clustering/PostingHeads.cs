using System.Runtime.CompilerServices;

namespace Tidings.Clustering;

/// <summary>The inverted index's key → (first posting, number of postings): an open-addressing table (Robin Hood
/// linear probing, fast-range home of key × 0x9E3779B97F4A7C15; removal shifts the followers back, so no tombstones)
/// of 16-byte slots, doubling up to 1 MB and then growing by a quarter at a load of 0.85: 19-24 bytes per key there,
/// where a <see cref="Dictionary{TKey, TValue}"/> takes 28 per entry at a load of 0.5-1 (up to 56 per key). A count of
/// 0 marks an empty slot: a key with no posting is removed.</summary>
internal sealed class PostingHeads
{
    private struct Slot
    {
        public ulong Key;
        public int Head;
        public int Count;
    }

    private const ulong Multiplier = 0x9E3779B97F4A7C15UL;
    private const double MaxLoad = 0.85;
    private const double Growth = 1.25;
    private const int MinSize = 64;

    /// <summary>Up to this many slots (1 MB) the table doubles; beyond, it grows by a quarter.</summary>
    private const int DoublingSize = 1 << 16;

    private Slot[] _slots = new Slot[MinSize];
    private int _count;
    private int _limit = (int)(MinSize * MaxLoad);

    public int Count => _count;

    /// <summary>Slots in the table.</summary>
    internal int Capacity => _slots.Length;

    public long Bytes => (long)_slots.Length * Unsafe.SizeOf<Slot>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Home(ulong key, int size) => (int)Math.BigMul(key * Multiplier, (ulong)size, out _);

    /// <summary>How far the key in slot <paramref name="i"/> sits from its home.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Distance(ulong key, int i, int size)
    {
        int d = i - Home(key, size);
        return d < 0 ? d + size : d;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Find(ulong key)
    {
        var slots = _slots;
        int size = slots.Length;
        int i = Home(key, size);
        for (int d = 0; ; d++)
        {
            ref Slot s = ref slots[i];
            if (s.Count == 0)
                return -1;
            if (s.Key == key)
                return i;
            if (Distance(s.Key, i, size) < d)
                return -1; // a key nearer its home: in Robin Hood order this one would sit before it
            if (++i == size)
                i = 0;
        }
    }

    public bool ContainsKey(ulong key) => Find(key) >= 0;

    public bool TryGetValue(ulong key, out int head, out int count)
    {
        int i = Find(key);
        if (i < 0)
        {
            head = -1;
            count = 0;
            return false;
        }
        head = _slots[i].Head;
        count = _slots[i].Count;
        return true;
    }

    /// <summary>Makes <paramref name="posting"/> the key's first posting (adding the key when absent) and returns the
    /// one before it (-1 when none).</summary>
    public int Push(ulong key, int posting)
    {
        int i = Find(key);
        if (i >= 0)
        {
            ref Slot s = ref _slots[i];
            int previous = s.Head;
            s.Head = posting;
            s.Count++;
            return previous;
        }
        if (_count >= _limit)
            Grow();
        Place(new Slot { Key = key, Head = posting, Count = 1 });
        return -1;
    }

    /// <summary>Sets the key's first posting and count (a count of 0 removes the key); the key must be present.</summary>
    public void Set(ulong key, int head, int count)
    {
        int i = Find(key);
        if (i < 0)
            throw new KeyNotFoundException();
        if (count > 0)
        {
            _slots[i].Head = head;
            _slots[i].Count = count;
        }
        else
        {
            RemoveAt(i);
        }
    }

    private void RemoveAt(int i)
    {
        var slots = _slots;
        int size = slots.Length;
        while (true)
        {
            int j = i + 1 == size ? 0 : i + 1;
            ref Slot next = ref slots[j];
            if (next.Count == 0 || Distance(next.Key, j, size) == 0)
            {
                slots[i] = default;
                break;
            }
            slots[i] = next; // one nearer its home
            i = j;
        }
        _count--;
    }

    private void Place(Slot carried)
    {
        var slots = _slots;
        int size = slots.Length;
        int i = Home(carried.Key, size);
        for (int d = 0; ; d++)
        {
            ref Slot s = ref slots[i];
            if (s.Count == 0)
            {
                s = carried;
                _count++;
                return;
            }
            int sd = Distance(s.Key, i, size);
            if (sd < d)
            {
                (s, carried) = (carried, s);
                d = sd;
            }
            if (++i == size)
                i = 0;
        }
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new Slot[old.Length < DoublingSize ? 2 * old.Length : (int)(old.Length * Growth)];
        _limit = (int)(_slots.Length * MaxLoad);
        _count = 0;
        foreach (var s in old)
        {
            if (s.Count != 0)
                Place(s);
        }
    }
}
