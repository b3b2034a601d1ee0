using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tidings.Clustering;

/// <summary>Document frequencies by feature key, compact: the clusterer looks up every key of every article (and of
/// candidate stories' profiles) in a table of up to millions of keys, and the table is most of its memory at the
/// start of a stream. An open-addressing table (linear probing) of one 64-bit word per key: 32 bits of the key's hash
/// that its slot does not imply, the probe distance (which gives the slot's key its home back) and a 24-bit count.
/// Counts of 16,777,215 and more, and any key that could not be placed within 255 slots of its home (a handful per
/// million keys), are kept in a small map on the side. It doubles up to 2 MB and then grows by a quarter at a load of
/// 0.85: 9.4-11.8 bytes per key there; the 64-bit keys and 32-bit counts in power-of-two arrays it replaced took
/// 17-34 (12-byte slots at a load of 0.35-0.7). Plain linear probing, not Robin Hood: a key stays where it was put, so
/// the first keys of a stream, which are its most frequent and most looked up, mostly sit at their homes and are found
/// at the first slot (Robin Hood order moves them along for later keys, and made lookups at this load twice as slow).
/// <para>A key is known by its identity: the top 48 bits of key × 0x9E3779B97F4A7C15 (a bijection of the 64-bit keys).
/// The slot index carries the identity's leading part (fast-range reduction: home = ⌊identity × size / 2^64⌋) and the
/// slot keeps the next 32 bits of identity × size, which with the home give the identity back exactly for any size of
/// 65,536 slots or more (<see cref="MinSize"/>): so the table can grow by a quarter instead of doubling and loses
/// nothing in growing. Two distinct keys with the same 48-bit identity share one count. For distinct keys that happens
/// with probability 2^-48 (3.6e-15) per pair; the feature keys are 56-bit hashes already, so the table adds confusions
/// 256 times as likely as theirs: a key looked up in a table of n keys is taken for another with probability n / 2^48
/// (at the 4 million keys of <see cref="StoryClusterer.MaxCachedFrequencies"/> 1.4e-8 per new key); in the whole
/// 200,000-article benchmark (922,000 keys) the chance that any two keys share a count is 922,000² / 2^49 = 0.15 %.
/// A shared count only lowers the two keys' IDF (each counts the other's articles too).</para></summary>
internal sealed class FrequencyTable
{
    // a slot is one 64-bit word: bits 0-31 the rest (bits 32-63 of identity × size: with the home slot, the identity),
    // bits 32-39 the probe (1 + the distance from the home slot; 0 marks an empty slot), bits 40-63 the count (or
    // Outside when it is kept in _outside)
    private const int ProbeShift = 32;
    private const int CountShift = 40;
    private const ulong ProbeOne = 1UL << ProbeShift;
    private const ulong CountOne = 1UL << CountShift;
    private const ulong RestAndProbe = (1UL << CountShift) - 1;

    private const ulong Multiplier = 0x9E3779B97F4A7C15UL;

    /// <summary>Bits of the hash that name a key.</summary>
    internal const int IdentityBits = 48;

    private const ulong IdentityMask = ulong.MaxValue << (64 - IdentityBits);

    /// <summary>The fewest slots: with 2^(<see cref="IdentityBits"/> − 32) or more, 32 bits besides the home tell every
    /// identity of a home apart.</summary>
    internal const int MinSize = 1 << (IdentityBits - 32);

    private const double MaxLoad = 0.85;

    /// <summary>Up to this many slots (2 MB) the table doubles; beyond, it grows by a quarter.</summary>
    private const int DoublingSize = 1 << 18;

    private const double Growth = 1.25;

    /// <summary>The count that says "in <see cref="_outside"/>": counts from here on are kept there.</summary>
    internal const int Outside = (1 << (64 - CountShift)) - 1;

    private const int MaxProbe = byte.MaxValue;
    private const ulong LastSought = (ulong)MaxProbe << ProbeShift;

    /// <summary>The <see cref="_size"/> home slots and <see cref="MaxProbe"/> + 1 after them, where the runs of the last
    /// homes go on: a search never wraps around.</summary>
    private ulong[] _slots;
    private int _size;
    private int _count;
    private int _limit;

    /// <summary>Identity → count, for counts of <see cref="Outside"/> or more (their slot says <see cref="Outside"/>)
    /// and for the spilled keys, which have no slot.</summary>
    private readonly Dictionary<ulong, int> _outside = [];
    private int _spilled;

    /// <summary>What <see cref="GetMany"/> read first (kept, so that the reads are made).</summary>
    private ulong _touched;

    /// <summary>A table sized to hold <paramref name="capacity"/> keys before it grows.</summary>
    public FrequencyTable(int capacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Resize(Math.Max(MinSize, (int)Math.Ceiling(capacity * Growth / MaxLoad)));
    }

    /// <summary>The keys held (distinct identities).</summary>
    public int Count => _count + _spilled;

    /// <summary>Home slots in the table.</summary>
    internal int Capacity => _size;

    /// <summary>Keys kept outside the slots because they could not be placed near their home.</summary>
    internal int Spilled => _spilled;

    /// <summary>The bytes it takes: the slots and the map on the side (its entries and buckets).</summary>
    public long Bytes => ((long)_slots.Length * sizeof(ulong)) + ((long)_outside.EnsureCapacity(0) * 28);

    [MemberNotNull(nameof(_slots))]
    private void Resize(int size)
    {
        _size = size;
        _slots = new ulong[size + MaxProbe + 1];
        _limit = (int)(size * MaxLoad);
        _count = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Identity(ulong key) => (key * Multiplier) & IdentityMask;

    /// <summary>The home slot of an identity in a table of <paramref name="size"/> slots, and the rest of it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Home(ulong identity, int size, out uint rest)
    {
        // the high half of identity × size, and bits 32-63 of its low half (which the wrapping product is)
        rest = (uint)((identity * (ulong)(uint)size) >> 32);
        return (int)Math.BigMul(identity, (ulong)(uint)size, out _);
    }

    /// <summary>The identity with this home and rest (the inverse of <see cref="Home"/>).</summary>
    internal static ulong Recover(int home, uint rest, int size) => Recover(home, rest, new Divisor((uint)size));

    /// <summary>identity × size / 2^16 is the one multiple of size in [home × 2^48 + rest × 2^16, + 2^16) (one, as
    /// size ≥ 2^16): the identity is ⌈(home × 2^32 + rest) × 2^16 / size⌉ × 2^16.</summary>
    private static ulong Recover(int home, uint rest, Divisor size)
    {
        ulong q = size.Divide(((ulong)(uint)home << 32) | rest, out ulong r); // the dividend < size × 2^32 ≤ 2^63
        return ((q << 16) + size.Divide((r << 16) + size.Value - 1, out _)) << 16;
    }

    /// <summary>Division of numbers below 2^63 by a fixed divisor below 2^32 as a multiplication by its reciprocal
    /// (the quotient from the high half of the product is short by at most one).</summary>
    private readonly struct Divisor(uint value)
    {
        private readonly ulong _reciprocal = ulong.MaxValue / value;

        public ulong Value { get; } = value;

        public ulong Divide(ulong n, out ulong remainder)
        {
            ulong q = Math.BigMul(n, _reciprocal, out _);
            remainder = n - (q * Value);
            if (remainder >= Value)
            {
                q++;
                remainder -= Value;
            }
            return q;
        }
    }

    /// <summary>The slot holding <paramref name="identity"/>; -1 when it is absent, -2 when the search ended after
    /// <see cref="MaxProbe"/> slots (then a spilled key may be it). <paramref name="stop"/> and
    /// <paramref name="probe"/> tell where an absent identity would go.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Find(ulong identity, out uint rest, out int stop, out ulong probe)
    {
        int i = Home(identity, _size, out rest);
        ref ulong first = ref MemoryMarshal.GetArrayDataReference(_slots);
        // a slot's rest and probe read as one number, probe × 2^32 + rest: the one sought is probe p and this rest;
        // the run ends at an empty slot. In bounds: no key sits more than MaxProbe − 1 slots past its home, and the
        // search gives up after MaxProbe slots.
        ulong sought = ProbeOne | rest;
        for (; ; i++, sought += ProbeOne)
        {
            ulong w = Unsafe.Add(ref first, i) & RestAndProbe;
            if (w == sought)
            {
                stop = i;
                probe = sought & ~(ulong)uint.MaxValue;
                return i;
            }
            if (w == 0 || sought >= LastSought)
            {
                stop = i;
                probe = sought & ~(ulong)uint.MaxValue;
                return w == 0 ? -1 : -2;
            }
        }
    }

    /// <summary>The count of <paramref name="key"/> (0 when absent).</summary>
    public int Get(ulong key)
    {
        ulong id = Identity(key);
        int i = Find(id, out _, out _, out _);
        if (i >= 0)
        {
            int c = (int)(_slots[i] >> CountShift);
            return c == Outside ? _outside[id] : c;
        }
        return i == -2 && _spilled > 0 ? _outside.GetValueOrDefault(id) : 0;
    }

    /// <summary>The counts of many keys (as <see cref="Get"/>). Every key's home slot is read first: those reads do
    /// not wait on one another, so their cache misses overlap, where searches one after the other each wait for the
    /// last one's outcome.</summary>
    public void GetMany(ReadOnlySpan<ulong> keys, Span<int> counts)
    {
        var slots = _slots;
        int size = _size;
        ulong touched = 0;
        foreach (ulong key in keys)
            touched |= slots[Home(Identity(key), size, out _)];
        _touched = touched;
        for (int i = 0; i < keys.Length; i++)
            counts[i] = Get(keys[i]);
    }

    public bool ContainsKey(ulong key) => TryGetValue(key, out _);

    public bool TryGetValue(ulong key, out int value)
    {
        ulong id = Identity(key);
        int i = Find(id, out _, out _, out _);
        if (i >= 0)
        {
            int c = (int)(_slots[i] >> CountShift);
            value = c == Outside ? _outside[id] : c;
            return true;
        }
        if (i == -2 && _spilled > 0)
            return _outside.TryGetValue(id, out value);
        value = 0;
        return false;
    }

    /// <summary>Adds one to the count of <paramref name="key"/> (added with 1 when absent).</summary>
    public void Increment(ulong key)
    {
        ulong id = Identity(key);
        int i = Find(id, out uint rest, out int stop, out ulong probe);
        if (i >= 0)
        {
            ref ulong s = ref _slots[i];
            ulong c = s >> CountShift;
            if (c < Outside - 1)
            {
                s += CountOne;
            }
            else if (c == Outside - 1)
            {
                s += CountOne;
                _outside[id] = Outside;
            }
            else
            {
                CollectionsMarshal.GetValueRefOrNullRef(_outside, id)++;
            }
            return;
        }
        if (i == -2 && _spilled > 0)
        {
            ref int v = ref CollectionsMarshal.GetValueRefOrNullRef(_outside, id);
            if (!Unsafe.IsNullRef(ref v))
            {
                v++;
                return;
            }
        }
        Add(id, rest, stop, probe, 1);
    }

    /// <summary>Sets the count of <paramref name="key"/> (adding it when absent).</summary>
    public void Set(ulong key, int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        ulong id = Identity(key);
        int i = Find(id, out uint rest, out int stop, out ulong probe);
        if (i >= 0)
        {
            ref ulong s = ref _slots[i];
            if ((int)(s >> CountShift) == Outside && value < Outside)
                _outside.Remove(id);
            else if (value >= Outside)
                _outside[id] = value;
            s = (s & RestAndProbe) | ((ulong)Math.Min(value, Outside) << CountShift);
            return;
        }
        if (i == -2 && _spilled > 0 && _outside.ContainsKey(id))
        {
            _outside[id] = value; // a spilled key stays outside whatever its count
            return;
        }
        Add(id, rest, stop, probe, value);
    }

    public int this[ulong key]
    {
        get => Get(key);
        set => Set(key, value);
    }

    /// <summary>Adds an absent identity, which its search would find at <paramref name="stop"/> as
    /// <paramref name="probe"/> (unless the table grows first).</summary>
    private void Add(ulong id, uint rest, int stop, ulong probe, int count)
    {
        if (count >= Outside)
            _outside[id] = count;
        ulong stored = (ulong)Math.Min(count, Outside) << CountShift;
        if (_count >= _limit)
        {
            Grow();
            Place(id, stored);
        }
        else
        {
            PlaceFrom(stop, stored | probe | rest); // after MaxProbe full slots, PlaceFrom spills it
        }
    }

    /// <summary>Puts an identity with a count (already shifted into place) in its slot.</summary>
    private void Place(ulong id, ulong count)
    {
        int home = Home(id, _size, out uint rest);
        PlaceFrom(home, count | ProbeOne | rest);
    }

    /// <summary>Puts a slot's content in the first empty slot from <paramref name="i"/> on (linear probing: a key
    /// stays where it was put, so the first keys of a stream, its most frequent, mostly sit at their homes). One that
    /// would land more than <see cref="MaxProbe"/> − 1 slots past its home is spilled.</summary>
    private void PlaceFrom(int i, ulong carried)
    {
        ref ulong first = ref MemoryMarshal.GetArrayDataReference(_slots);
        while (true)
        {
            ref ulong s = ref Unsafe.Add(ref first, i); // in bounds: a probe stops at MaxProbe, past a home below _size
            if (s == 0)
            {
                s = carried;
                _count++;
                return;
            }
            if ((byte)(carried >> ProbeShift) == MaxProbe)
            {
                Spill(Recover(i - (MaxProbe - 1), (uint)carried, _size), carried & ~RestAndProbe);
                return;
            }
            carried += ProbeOne;
            i++;
        }
    }

    /// <summary>Keeps a key that has no slot in <see cref="_outside"/> (a count of <see cref="Outside"/> is there
    /// already).</summary>
    private void Spill(ulong id, ulong count)
    {
        int c = (int)(count >> CountShift);
        if (c != Outside)
            _outside[id] = c;
        _spilled++;
    }

    private void Grow()
    {
        var old = _slots;
        var divisor = new Divisor((uint)_size);
        var spilled = new List<ulong>();
        if (_spilled > 0)
        {
            foreach (var id in _outside.Keys)
            {
                if (Find(id, out _, out _, out _) < 0)
                    spilled.Add(id);
            }
        }
        Resize(_size < DoublingSize ? 2 * _size : (int)(_size * Growth));
        _spilled = 0;
        int size = _size, placed = 0;
        ref ulong first = ref MemoryMarshal.GetArrayDataReference(_slots);
        for (int j = 0; j < old.Length; j++)
        {
            ulong s = old[j];
            if (s == 0)
                continue;
            ulong id = Recover(j - ((int)(byte)(s >> ProbeShift) - 1), (uint)s, divisor);
            int i = Home(id, size, out uint rest);
            ulong carried = (s & ~RestAndProbe) | ProbeOne | rest;
            while (Unsafe.Add(ref first, i) != 0 && (byte)(carried >> ProbeShift) != MaxProbe)
            {
                carried += ProbeOne;
                i++;
            }
            if (Unsafe.Add(ref first, i) == 0)
            {
                Unsafe.Add(ref first, i) = carried;
                placed++;
            }
            else
            {
                Spill(id, carried & ~RestAndProbe);
            }
        }
        _count = placed;
        foreach (var id in spilled)
        {
            int count = _outside[id];
            if (count < Outside)
                _outside.Remove(id); // back in a slot unless it spills again
            Place(id, (ulong)Math.Min(count, Outside) << CountShift);
        }
    }
}
