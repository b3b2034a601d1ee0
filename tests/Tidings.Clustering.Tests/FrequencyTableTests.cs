using Tidings.Clustering;

namespace Tidings.Clustering.Tests;

public class FrequencyTableTests
{
    [Fact]
    public void Behaves_as_a_dictionary_through_growth_clearing_and_the_zero_key()
    {
        var rng = new Random(5);
        var table = new FrequencyTable();
        var reference = new Dictionary<ulong, int>();
        // keys of few distinct low bits and high bits alike, and 0 (the empty-slot marker), so probing and growth are exercised
        ulong[] pool = [.. Enumerable.Range(0, 3000).Select(i => i % 3 == 0 ? (ulong)i << 40 : (ulong)rng.NextInt64()), 0UL, 1UL];
        for (int step = 0; step < 60_000; step++)
        {
            ulong k = pool[rng.Next(pool.Length)];
            switch (rng.Next(4))
            {
                case 0:
                    table.GetOrAdd(k)++;
                    reference[k] = reference.GetValueOrDefault(k) + 1;
                    break;
                case 1:
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
            if (step == 30_000)
            {
                Assert.Equal(reference.Count, table.Count);
                Assert.Equal(reference.OrderBy(p => p.Key), table.ToDictionary().OrderBy(p => p.Key));
                table.Clear();
                reference.Clear();
                Assert.Equal(0, table.Count);
                Assert.False(table.ContainsKey(0));
            }
        }
        Assert.Equal(reference.Count, table.Count);
        Assert.Equal(reference.OrderBy(p => p.Key), table.Pairs().OrderBy(p => p.Key));
    }
}
