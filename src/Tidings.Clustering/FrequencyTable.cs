using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tidings.Clustering;

/// <summary>Document frequencies by feature key, compact: the clusterer looks up every key of every article (and of
/// candidate stories' profiles) in a table of up to millions of keys, and the table is most of its memory at the
/// start of a stream. An open-addressing table (Robin Hood linear probing) of 7-byte slots, one per key: 32 bits of
/// the key's hash that its slot does not imply, a 16-bit count and the probe distance. Counts of 65,535 and more, and
/// any key that could not be placed within 255 slots of its home (never seen in practice), are kept in a small map on
/// the side. It holds 7.3-10.3 bytes per key (load 0.68-0.85) where the 64-bit keys and 32-bit counts in power-of-two
/// arrays held 14-34.
/// <para>A key is known by its identity: the top 48 bits of key × 0x9E3779B97F4A7C15 (a bijection of the 64-bit keys).
/// The slot index carries the identity's leading part (fast-range reduction: home = ⌊identity × size / 2^64⌋) and the
/// slot keeps the next 32 bits of identity × size, which with the home give the identity back exactly for any size of
/// 65,536 slots or more (<see cref="MinSize"/>): so the table grows by 1.25x, never a power of two it does not need,
/// and loses nothing in growing. Two distinct keys with the same 48-bit identity share one count. For distinct keys
/// that happens with probability 2^-48 (3.6e-15) per pair; the feature keys are 56-bit hashes already, so the table
/// adds confusions 256 times as likely as theirs: a key looked up in a table of n keys is taken for another with
/// probability n / 2^48 (at the 4 million keys of <see cref="StoryClusterer.MaxCachedFrequencies"/> 1.4e-8 per new
/// key); in the whole 200,000-article benchmark (922,000 keys) the chance that any two keys share a count is
/// 922,000² / 2^49 = 0.15 %. A shared count only lowers the two keys' IDF (by the other's articles).</para></summary>
internal sealed class FrequencyTable
{
    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    private struct Slot
    {
        /// <summary>Bits 32-63 of identity × size: with the home slot, the identity.</summary>
        public uint Rest;

        /// <summary>The count, or <see cref="Outside"/> when it is kept in <see cref="_outside"/>.</summary>
        public ushort Count;

        /// <summary>1 + the distance from the home slot; 0 marks an empty slot.</summary>
        public byte Probe;
    }

    private const ulong Multiplier = 0x9E3779B97F4A7C15UL;

    /// <summary>Bits of the hash that name a key.</summary>
    internal const int IdentityBits = 48;

    private const ulong IdentityMask = ulong.MaxValue << (64 - IdentityBits);

    /// <summary>The fewest slots: with 2^(<see cref="IdentityBits"/> − 32) or more, 32 bits besides the home tell every
    /// identity of a home apart.</summary>
    internal const int MinSize = 1 << (IdentityBits - 32);

    private const double MaxLoad = 0.85;
    private const double Growth = 1.25;
    private const ushort Outside = ushort.MaxValue;
    private const int MaxProbe = byte.MaxValue;

    private Slot[] _slots;
    private int _count;
    private int _limit;

    /// <summary>Identity → count, for counts of <see cref="Outside"/> or more (their slot says <see cref="Outside"/>)
    /// and for the spilled keys, which have no slot.</summary>
    private readonly Dictionary<ulong, int> _outside = [];
    private int _spilled;

    /// <summary>A table sized to hold <paramref name="capacity"/> keys before it grows.</summary>
    public FrequencyTable(int capacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _slots = new Slot[Math.Max(MinSize, (int)Math.Ceiling(capacity * Growth / MaxLoad))];
        _limit = (int)(_slots.Length * MaxLoad);
    }

    /// <summary>The keys held (distinct identities).</summary>
    public int Count => _count + _spilled;

    /// <summary>Slots in the table.</summary>
    internal int Capacity => _slots.Length;

    /// <summary>Keys kept outside the slots because they could not be placed near their home.</summary>
    internal int Spilled => _spilled;

    /// <summary>The bytes it takes: the slots and the map on the side (its entries and buckets).</summary>
    public long Bytes => ((long)_slots.Length * Unsafe.SizeOf<Slot>()) + ((long)_outside.EnsureCapacity(0) * 28);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Identity(ulong key) => (key * Multiplier) & IdentityMask;

    /// <summary>The home slot of an identity in a table of <paramref name="size"/> slots, and the rest of it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Home(ulong identity, int size, out uint rest)
    {
        ulong high = Math.BigMul(identity, (ulong)size, out ulong low);
        rest = (uint)(low >> 32);
        return (int)high;
    }

    /// <summary>The identity with this home and rest (the inverse of <see cref="Home"/>). identity × size / 2^16 is
    /// the one multiple of size in [home × 2^48 + rest × 2^16, + 2^16): one, as size ≥ 2^16.</summary>
    internal static ulong Recover(int home, uint rest, int size)
    {
        ulong b = ((ulong)(uint)home << 32) | rest; // < size × 2^32
        var (q, r) = Math.DivRem(b, (ulong)size);
        ulong x = (q << 16) + (((r << 16) + (ulong)size - 1) / (ulong)size);
        return x << 16;
    }

    /// <summary>The slot holding <paramref name="identity"/>; -1 when it is absent, -2 when the search ended after
    /// <see cref="MaxProbe"/> slots (then a spilled key may be it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Find(ulong identity)
    {
        var slots = _slots;
        int i = Home(identity, slots.Length, out uint rest);
        for (int probe = 1; probe <= MaxProbe; probe++)
        {
            ref Slot s = ref slots[i];
            if (s.Probe < probe)
                return -1; // empty, or a key nearer its home: with Robin Hood order this one would sit before it
            if (s.Probe == probe && s.Rest == rest)
                return i;
            if (++i == slots.Length)
                i = 0;
        }
        return -2;
    }

    /// <summary>The count of <paramref name="key"/> (0 when absent).</summary>
    public int Get(ulong key)
    {
        ulong id = Identity(key);
        int i = Find(id);
        if (i >= 0)
        {
            int c = _slots[i].Count;
            return c == Outside ? _outside[id] : c;
        }
        return i == -2 && _spilled > 0 ? _outside.GetValueOrDefault(id) : 0;
    }

    public bool ContainsKey(ulong key) => TryGetValue(key, out _);

    public bool TryGetValue(ulong key, out int value)
    {
        ulong id = Identity(key);
        int i = Find(id);
        if (i >= 0)
        {
            int c = _slots[i].Count;
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
        int i = Find(id);
        if (i >= 0)
        {
            ref Slot s = ref _slots[i];
            if (s.Count < Outside - 1)
            {
                s.Count++;
            }
            else if (s.Count == Outside - 1)
            {
                s.Count = Outside;
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
        Add(id, 1);
    }

    /// <summary>Sets the count of <paramref name="key"/> (adding it when absent).</summary>
    public void Set(ulong key, int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        ulong id = Identity(key);
        int i = Find(id);
        if (i >= 0)
        {
            ref Slot s = ref _slots[i];
            if (value >= Outside)
            {
                s.Count = Outside;
                _outside[id] = value;
            }
            else
            {
                if (s.Count == Outside)
                    _outside.Remove(id);
                s.Count = (ushort)value;
            }
            return;
        }
        if (i == -2 && _spilled > 0 && _outside.ContainsKey(id))
        {
            _outside[id] = value; // a spilled key stays outside whatever its count
            return;
        }
        Add(id, value);
    }

    public int this[ulong key]
    {
        get => Get(key);
        set => Set(key, value);
    }

    /// <summary>Adds an absent identity.</summary>
    private void Add(ulong id, int count)
    {
        if (_count >= _limit)
            Grow();
        if (count >= Outside)
            _outside[id] = count;
        Place(id, count >= Outside ? Outside : (ushort)count);
    }

    /// <summary>Puts an identity in its slot, Robin Hood fashion: going along from its home, it takes the place of the
    /// first key nearer its own home (which goes on to the next place, and so on). Whatever would land more than
    /// <see cref="MaxProbe"/> slots from its home is spilled: its count goes to <see cref="_outside"/>.</summary>
    private void Place(ulong id, ushort count)
    {
        var slots = _slots;
        int i = Home(id, slots.Length, out uint rest);
        var carried = new Slot { Rest = rest, Count = count, Probe = 1 };
        while (true)
        {
            ref Slot s = ref slots[i];
            if (s.Probe == 0)
            {
                s = carried;
                _count++;
                return;
            }
            if (s.Probe < carried.Probe)
                (s, carried) = (carried, s);
            if (carried.Probe == MaxProbe)
            {
                // its home is MaxProbe − 1 slots back; a count of Outside is in the map already
                int home = (int)(((long)i - (MaxProbe - 1) + slots.Length) % slots.Length);
                ulong spilled = Recover(home, carried.Rest, slots.Length);
                if (carried.Count != Outside)
                    _outside[spilled] = carried.Count;
                _spilled++;
                return;
            }
            carried.Probe++;
            if (++i == slots.Length)
                i = 0;
        }
    }

    private void Grow()
    {
        var old = _slots;
        var spilled = new List<ulong>();
        if (_spilled > 0)
        {
            foreach (var id in _outside.Keys)
            {
                if (Find(id) < 0)
                    spilled.Add(id);
            }
        }
        _slots = new Slot[(int)(old.Length * Growth)];
        _limit = (int)(_slots.Length * MaxLoad);
        _count = 0;
        _spilled = 0;
        for (int j = 0; j < old.Length; j++)
        {
            var s = old[j];
            if (s.Probe == 0)
                continue;
            int home = j - (s.Probe - 1);
            if (home < 0)
                home += old.Length;
            Place(Recover(home, s.Rest, old.Length), s.Count);
        }
        foreach (var id in spilled)
        {
            int count = _outside[id];
            if (count < Outside)
                _outside.Remove(id); // back in a slot unless it spills again
            Place(id, count >= Outside ? Outside : (ushort)count);
        }
    }
}
