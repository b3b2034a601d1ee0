using System.Numerics;
using Tidings.Clustering;

namespace Tidings.Clustering.Tests;

public class FrequencyTableTests
{
    /// <summary>The key whose identity is <paramref name="identity"/> (the multiplier is odd, so it has an inverse).</summary>
    private static ulong KeyOf(ulong identity)
    {
        const ulong m = 0x9E3779B97F4A7C15UL;
        ulong inverse = m; // Newton's iteration for the inverse modulo 2^64: each step doubles the correct bits
        for (int i = 0; i < 6; i++)
            inverse *= 2 - (m * inverse);
        return identity * inverse;
    }

    /// <summary>Keys with distinct identities whose home is slot <paramref name="home"/> in a table of <paramref name="size"/>.</summary>
    private static ulong[] KeysAtHome(int home, int size, int count)
    {
        var keys = new ulong[count];
        for (int i = 0; i < count; i++)
        {
            // identities spread over the home's share of [0, 2^64): home × 2^64 / size + a little more each
            var lo = (((UInt128)(ulong)home << 64) + (UInt128)(size - 1)) / (ulong)size;
            var id = ((ulong)lo + (ulong)((i + 1) * 37) * 65536UL) & ~0xFFFFUL;
            Assert.Equal(home, FrequencyTable.Home(id, size, out _));
            keys[i] = KeyOf(id);
            Assert.Equal(id, FrequencyTable.Identity(keys[i]));
        }
        return keys;
    }

    [Fact]
    public void Behaves_as_a_dictionary_through_growth()
    {
        var rng = new Random(5);
        var table = new FrequencyTable();
        var reference = new Dictionary<ulong, int>();
        // random keys, keys of few distinct low bits or high bits, and 0
        ulong[] pool = [.. Enumerable.Range(0, 150_000).Select(i => i % 3 == 0 ? (ulong)i << 40 : i % 3 == 1 ? (ulong)i : (ulong)rng.NextInt64()), 0UL, 1UL];
        int startCapacity = table.Capacity;
        for (int step = 0; step < 600_000; step++)
        {
            ulong k = pool[rng.Next(pool.Length)];
            switch (rng.Next(4))
            {
                case 0:
                case 1:
                    table.Increment(k);
                    reference[k] = reference.GetValueOrDefault(k) + 1;
                    break;
                case 2:
                    int v = rng.Next(100);
                    table[k] = v;
                    reference[k] = v;
                    break;
                default:
                    Assert.Equal(reference.GetValueOrDefault(k), table.Get(k));
                    Assert.Equal(reference.ContainsKey(k), table.ContainsKey(k));
                    Assert.Equal(reference.TryGetValue(k, out int r), table.TryGetValue(k, out int t));
                    Assert.Equal(r, t);
                    break;
            }
        }
        Assert.True(table.Capacity > startCapacity); // it grew, several times
        Assert.Equal(reference.Count, table.Count);
        foreach (var (k, v) in reference)
            Assert.Equal(v, table[k]);
        Assert.Equal(0, table.Spilled);
    }

    [Fact]
    public void Doubles_up_to_2_MB_then_grows_by_a_quarter_and_is_sized_to_its_keys()
    {
        // 394,316 keys (the benchmark's at 10,000 articles) took 2^20 slots of 12 bytes (12 MB); now 8 bytes a slot at
        // a load between 0.68 and 0.85
        var table = new FrequencyTable();
        Assert.Equal(FrequencyTable.MinSize, table.Capacity);
        var rng = new Random(1);
        int previous = table.Capacity, doublings = 0, quarters = 0;
        for (int n = 1; n <= 394_316; n++)
        {
            table.Increment((ulong)rng.NextInt64());
            if (table.Capacity != previous)
            {
                if (previous < 1 << 18)
                {
                    Assert.Equal(2 * previous, table.Capacity);
                    doublings++;
                }
                else
                {
                    Assert.Equal((int)(previous * 1.25), table.Capacity);
                    quarters++;
                }
                previous = table.Capacity;
            }
            // the load counts the keys in slots: a spilled one (beyond 255 slots of its home) is in the side map
            Assert.True(n - table.Spilled <= table.Capacity * 0.85 + 1, $"{n} keys in {table.Capacity} slots");
        }
        Assert.True(table.Spilled < 40, $"{table.Spilled} spilled"); // one in 10,000 at most
        Assert.Equal((2, 3), (doublings, quarters)); // 65,536 → 131,072 → 262,144 → 327,680 → 409,600 → 512,000
        Assert.InRange(394_316.0 / table.Capacity, 0.67, 0.85);
        Assert.True(table.Bytes <= (394_316 * 8 / 0.67) + 2_048, $"{table.Bytes} bytes");

        // sized up front for a count, it holds that many without growing, at a load of 0.68
        var sized = new FrequencyTable(500_000);
        int capacity = sized.Capacity;
        Assert.InRange(500_000.0 / capacity, 0.67, 0.69);
        for (int n = 0; n < 500_000; n++)
            sized.Set((ulong)rng.NextInt64() | 1, n);
        Assert.Equal(capacity, sized.Capacity);
    }

    [Fact]
    public void Recovers_every_identity_from_its_home_and_rest()
    {
        var rng = new Random(3);
        int[] sizes = [FrequencyTable.MinSize, FrequencyTable.MinSize + 1, 81_920, 1_000_003, 1 << 24, int.MaxValue];
        foreach (int size in sizes)
        {
            foreach (ulong raw in new[] { 0UL, ulong.MaxValue }.Concat(Enumerable.Range(0, 20_000).Select(_ => (ulong)rng.NextInt64() * 3)))
            {
                ulong id = raw & ~0xFFFFUL;
                int home = FrequencyTable.Home(id, size, out uint rest);
                Assert.InRange(home, 0, size - 1);
                Assert.Equal(id, FrequencyTable.Recover(home, rest, size));
            }
        }
    }

    [Fact]
    public void Tells_apart_keys_of_one_home_and_shares_a_count_only_for_one_identity()
    {
        var table = new FrequencyTable();
        var keys = KeysAtHome(123, table.Capacity, 40);
        for (int i = 0; i < keys.Length; i++)
            table.Set(keys[i], i + 1);
        for (int i = 0; i < keys.Length; i++)
            Assert.Equal(i + 1, table[keys[i]]);
        Assert.Equal(40, table.Count);

        // a key differing from another only in the 16 bits below its identity is the same to the table (the
        // documented 2^-48 chance per pair of keys); one differing in the identity's last bit is not
        ulong id = FrequencyTable.Identity(keys[0]);
        ulong twin = KeyOf(id | 0x1234);
        ulong neighbour = KeyOf(id + 0x10000);
        Assert.NotEqual(keys[0], twin);
        Assert.Equal(1, table[twin]);
        Assert.False(table.ContainsKey(neighbour));
    }

    [Fact]
    public void Keeps_counts_of_16777215_and_more_on_the_side()
    {
        const int outside = FrequencyTable.Outside;
        Assert.Equal((1 << 24) - 1, outside);
        var table = new FrequencyTable();
        ulong a = 0x0300_1234_5678_9ABCUL, b = 0x0100_0000_0000_0042UL;
        table[a] = outside - 2;
        for (int i = 0; i < 5; i++)
            table.Increment(a); // through the last count a slot holds, the marker and beyond
        Assert.Equal(outside + 3, table[a]);
        table[b] = int.MaxValue - 1;
        table.Increment(b);
        Assert.Equal(int.MaxValue, table[b]);
        Assert.True(table.TryGetValue(b, out int vb) && vb == int.MaxValue);

        // back below the marker, and a count on the side survives growth
        table[a] = 7;
        Assert.Equal(7, table[a]);
        table.Increment(a);
        Assert.Equal(8, table[a]);
        var rng = new Random(2);
        for (int n = 0; n < 100_000; n++)
            table.Increment((ulong)rng.NextInt64() << 1);
        Assert.Equal(8, table[a]);
        Assert.Equal(int.MaxValue, table[b]);
        Assert.True(table.Bytes > (long)(table.Capacity + 256) * 8); // the map on the side counts
        Assert.Throws<ArgumentOutOfRangeException>(() => table[a] = -1);
    }

    [Fact]
    public void Spills_keys_beyond_255_slots_of_their_home_and_finds_them_through_growth()
    {
        var table = new FrequencyTable();
        int size = table.Capacity;
        // 300 keys of one home: the last 45 cannot be placed within 255 slots of it
        var keys = KeysAtHome(size - 10, size, 300); // near the end: the run goes on into the slots after the last home
        for (int i = 0; i < keys.Length; i++)
        {
            table.Set(keys[i], i % 3 == 0 ? FrequencyTable.Outside + i : i);
            table.Increment(keys[i]);
        }
        Assert.Equal(45, table.Spilled);
        Assert.Equal(300, table.Count);
        for (int i = 0; i < keys.Length; i++)
            Assert.Equal((i % 3 == 0 ? FrequencyTable.Outside + i : i) + 1, table[keys[i]]);
        // a key of the same home that is absent is still absent
        Assert.False(table.ContainsKey(KeysAtHome(size - 10, size, 301)[300]));

        // keys elsewhere until it grows: the home's keys move (to one home still: their identities are close), the
        // spilled ones are placed again or spilled again, and all keep their counts
        var rng = new Random(4);
        while (table.Capacity == size)
            table.Increment((ulong)rng.NextInt64());
        Assert.True(table.Spilled > 0);
        for (int i = 0; i < keys.Length; i++)
        {
            Assert.Equal((i % 3 == 0 ? FrequencyTable.Outside + i : i) + 1, table[keys[i]]);
            table.Increment(keys[i]);
            Assert.Equal((i % 3 == 0 ? FrequencyTable.Outside + i : i) + 2, table[keys[i]]);
        }
    }

    [Fact]
    public void A_slot_is_eight_bytes()
    {
        // the home slots and the 256 after them, where the runs of the last homes go on
        Assert.Equal(8L * (FrequencyTable.MinSize + 256), new FrequencyTable().Bytes);
        Assert.True(BitOperations.IsPow2(FrequencyTable.MinSize));
    }

    [Fact]
    public void Looks_up_many_keys_as_one_by_one()
    {
        var table = new FrequencyTable();
        var rng = new Random(6);
        var keys = Enumerable.Range(0, 300_000).Select(_ => (ulong)rng.NextInt64()).ToArray();
        foreach (var k in keys.AsSpan(0, 200_000))
            table.Increment(k);
        table[keys[0]] = FrequencyTable.Outside + 5; // on the side
        var spilled = KeysAtHome(5, table.Capacity, 260);
        foreach (var k in spilled)
            table.Set(k, 3);
        Assert.True(table.Spilled >= 5); // (some of them, or of the keys they pushed along)
        ulong[] probe = [.. keys.AsSpan(0, 1_000), .. keys.AsSpan(250_000, 1_000), .. spilled, 0UL];
        var counts = new int[probe.Length];
        table.GetMany(probe, counts);
        for (int i = 0; i < probe.Length; i++)
            Assert.Equal(table.Get(probe[i]), counts[i]);
        Assert.Equal(FrequencyTable.Outside + 5, counts[0]);
        Assert.Equal(0, counts[1_000]);
        Assert.Equal(3, counts[^2]);
    }
}
