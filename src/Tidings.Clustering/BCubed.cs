namespace Tidings.Clustering;

/// <summary>BCubed precision, recall and F1 (Bagga and Baldwin 1998; Amigó et al. 2009): per item, the share of its
/// predicted cluster that shares its gold class (precision) and the share of its gold class inside its predicted
/// cluster (recall), averaged over items.</summary>
public static class BCubed
{
    public readonly record struct Score(double Precision, double Recall, double F1, int Items);

    public static Score Of<TGold, TPredicted>(IReadOnlyList<(TGold Gold, TPredicted Predicted)> items)
        where TGold : notnull where TPredicted : notnull
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
            return new Score(0, 0, 0, 0);
        var clusterSize = items.GroupBy(i => i.Predicted).ToDictionary(g => g.Key, g => g.Count());
        var classSize = items.GroupBy(i => i.Gold).ToDictionary(g => g.Key, g => g.Count());
        var both = items.GroupBy(i => (i.Gold, i.Predicted)).ToDictionary(g => g.Key, g => g.Count());
        double p = 0, r = 0;
        foreach (var item in items)
        {
            int common = both[(item.Gold, item.Predicted)];
            p += (double)common / clusterSize[item.Predicted];
            r += (double)common / classSize[item.Gold];
        }
        p /= items.Count;
        r /= items.Count;
        return new Score(p, r, p + r == 0 ? 0 : 2 * p * r / (p + r), items.Count);
    }
}
