using Tidings.Clustering;

namespace Tidings.Clustering.Tests;

public class PostingHeadsTests
{
    [Fact]
    public void Behaves_as_a_dictionary_through_growth_and_removal()
    {
        var rng = new Random(9);
        var heads = new PostingHeads();
        var reference = new Dictionary<ulong, (int Head, int Count)>();
        // random keys, keys of few distinct low or high bits, and 0 (a count of 0, not a key, marks an empty slot)
        ulong[] pool = [.. Enumerable.Range(0, 20_000).Select(i => i % 3 == 0 ? (ulong)i << 44 : i % 3 == 1 ? (ulong)i : (ulong)rng.NextInt64()), 0UL];
        int posting = 0, grown = 0, removed = 0, capacity = heads.Capacity;
        for (int step = 0; step < 400_000; step++)
        {
            ulong k = pool[rng.Next(pool.Length)];
            // more pushes than removals for the first half (the table grows), then fewer
            int op = rng.Next(10);
            bool push = step < 200_000 ? op < 6 : op < 3;
            if (push)
            {
                int previous = heads.Push(k, ++posting);
                var (h, c) = reference.GetValueOrDefault(k, (-1, 0));
                Assert.Equal(h, previous);
                reference[k] = (posting, c + 1);
            }
            else if (op < 8)
            {
                if (reference.TryGetValue(k, out var e))
                {
                    int count = rng.Next(3) == 0 ? 0 : e.Count - 1;
                    heads.Set(k, posting, count);
                    if (count == 0)
                    {
                        reference.Remove(k);
                        removed++;
                    }
                    else
                        reference[k] = (posting, count);
                }
                else
                {
                    Assert.Throws<KeyNotFoundException>(() => heads.Set(k, 1, 1));
                }
            }
            else
            {
                Assert.Equal(reference.ContainsKey(k), heads.ContainsKey(k));
                Assert.Equal(reference.TryGetValue(k, out var r), heads.TryGetValue(k, out int head, out int count));
                Assert.Equal(r == default ? (-1, 0) : r, (head, count));
            }
            if (heads.Capacity != capacity)
            {
                grown++;
                capacity = heads.Capacity;
            }
            Assert.Equal(reference.Count, heads.Count);
            Assert.True(heads.Count <= heads.Capacity * 0.85);
        }
        Assert.True(grown > 5);
        Assert.True(removed > 10_000); // and every remaining key stayed reachable through the removals
        foreach (var (k, (h, c)) in reference)
        {
            Assert.True(heads.TryGetValue(k, out int head, out int count));
            Assert.Equal((h, c), (head, count));
        }
        foreach (var k in pool.Where(k => !reference.ContainsKey(k)))
            Assert.False(heads.ContainsKey(k));
        Assert.Equal(16L * heads.Capacity, heads.Bytes);
    }
}
