namespace Tidings.Clustering;

/// <summary>Logistic regression fitted by Newton's method (iteratively reweighted least squares) with an L2 penalty,
/// on standardized features. Targets may be soft (in [0, 1]): the fit then minimizes cross-entropy against them.
/// Also the multinomial (softmax) variant, fitted by gradient descent, for the page-kind classifier.</summary>
internal static class Logistic
{
    internal sealed record Model(double[] Mean, double[] Scale, double[] Weights, double Bias)
    {
        public double Logit(ReadOnlySpan<double> x)
        {
            double z = Bias;
            for (int i = 0; i < Weights.Length; i++)
            {
                if (!double.IsNaN(x[i]))
                    z += Weights[i] * (x[i] - Mean[i]) / Scale[i];
            }
            return z;
        }

        public double Probability(ReadOnlySpan<double> x) => Sigmoid(Logit(x));
    }

    public static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    /// <summary>Feature means and scales (standard deviations; 1 for a constant feature, whose weight stays 0), over
    /// the rows where the feature is known: NaN marks a missing value (e.g. no concept lexicon for a side's language),
    /// which counts as the mean everywhere (standardized 0, no contribution).</summary>
    public static (double[] Mean, double[] Scale) Standardize(IReadOnlyList<double[]> x, int d)
    {
        var mean = new double[d];
        var scale = new double[d];
        var known = new int[d];
        foreach (var row in x)
        {
            for (int k = 0; k < d; k++)
            {
                if (!double.IsNaN(row[k]))
                {
                    mean[k] += row[k];
                    known[k]++;
                }
            }
        }
        for (int k = 0; k < d; k++)
            mean[k] /= Math.Max(1, known[k]);
        foreach (var row in x)
        {
            for (int k = 0; k < d; k++)
            {
                if (!double.IsNaN(row[k]))
                    scale[k] += (row[k] - mean[k]) * (row[k] - mean[k]);
            }
        }
        for (int k = 0; k < d; k++)
        {
            double sd = Math.Sqrt(scale[k] / Math.Max(1, known[k]));
            scale[k] = sd > 1e-9 ? sd : 1;
        }
        return (mean, scale);
    }

    /// <summary>Fits weights over the features not in <paramref name="frozen"/> (their weight is 0 here).</summary>
    public static Model Fit(IReadOnlyList<double[]> x, IReadOnlyList<double> y, double l2, bool[]? frozen = null, int iterations = 50)
    {
        int d = x[0].Length;
        var (mean, scale) = Standardize(x, d);
        var active = Enumerable.Range(0, d).Where(k => (frozen is null || !frozen[k]) && Variance(x, k) > 0).ToArray();
        int m = active.Length + 1; // + bias
        var beta = new double[m];
        var z = new double[x.Count][];
        for (int r = 0; r < x.Count; r++)
        {
            z[r] = new double[m];
            for (int a = 0; a < active.Length; a++)
                z[r][a] = double.IsNaN(x[r][active[a]]) ? 0 : (x[r][active[a]] - mean[active[a]]) / scale[active[a]];
            z[r][m - 1] = 1;
        }
        for (int it = 0; it < iterations; it++)
        {
            var grad = new double[m];
            var hess = new double[m, m];
            for (int r = 0; r < z.Length; r++)
            {
                double eta = 0;
                for (int a = 0; a < m; a++)
                    eta += beta[a] * z[r][a];
                double p = Sigmoid(eta);
                double w = Math.Max(p * (1 - p), 1e-9);
                for (int a = 0; a < m; a++)
                {
                    grad[a] += (y[r] - p) * z[r][a];
                    for (int b = 0; b <= a; b++)
                        hess[a, b] += w * z[r][a] * z[r][b];
                }
            }
            for (int a = 0; a < m; a++)
            {
                for (int b = 0; b < a; b++)
                    hess[b, a] = hess[a, b];
                if (a < m - 1)
                {
                    grad[a] -= l2 * beta[a];
                    hess[a, a] += l2;
                }
            }
            var step = Solve(hess, grad);
            double change = 0;
            for (int a = 0; a < m; a++)
            {
                beta[a] += step[a];
                change = Math.Max(change, Math.Abs(step[a]));
            }
            if (change < 1e-8)
                break;
        }
        var weights = new double[d];
        for (int a = 0; a < active.Length; a++)
            weights[active[a]] = beta[a];
        return new Model(mean, scale, weights, beta[m - 1]);
    }

    private static double Variance(IReadOnlyList<double[]> x, int k)
    {
        double first = x[0][k];
        foreach (var row in x)
        {
            if (row[k] != first)
                return 1;
        }
        return 0;
    }

    /// <summary>Gaussian elimination with partial pivoting (the systems are tiny).</summary>
    private static double[] Solve(double[,] a, double[] b)
    {
        int n = b.Length;
        var m = (double[,])a.Clone();
        var v = (double[])b.Clone();
        for (int c = 0; c < n; c++)
        {
            int piv = c;
            for (int r = c + 1; r < n; r++)
            {
                if (Math.Abs(m[r, c]) > Math.Abs(m[piv, c]))
                    piv = r;
            }
            if (Math.Abs(m[piv, c]) < 1e-12)
                continue;
            if (piv != c)
            {
                for (int k = 0; k < n; k++)
                    (m[c, k], m[piv, k]) = (m[piv, k], m[c, k]);
                (v[c], v[piv]) = (v[piv], v[c]);
            }
            for (int r = c + 1; r < n; r++)
            {
                double f = m[r, c] / m[c, c];
                if (f == 0)
                    continue;
                for (int k = c; k < n; k++)
                    m[r, k] -= f * m[c, k];
                v[r] -= f * v[c];
            }
        }
        var x = new double[n];
        for (int r = n - 1; r >= 0; r--)
        {
            if (Math.Abs(m[r, r]) < 1e-12)
                continue;
            double s = v[r];
            for (int k = r + 1; k < n; k++)
                s -= m[r, k] * x[k];
            x[r] = s / m[r, r];
        }
        return x;
    }

    /// <summary>A multinomial model: one weight row per class over standardized features.</summary>
    internal sealed record Softmax(double[] Mean, double[] Scale, double[][] Weights, double[] Bias)
    {
        public double[] Probabilities(ReadOnlySpan<double> x)
        {
            int c = Bias.Length;
            var z = new double[c];
            double max = double.NegativeInfinity;
            for (int k = 0; k < c; k++)
            {
                double s = Bias[k];
                for (int i = 0; i < Mean.Length; i++)
                    s += Weights[k][i] * (x[i] - Mean[i]) / Scale[i];
                z[k] = s;
                max = Math.Max(max, s);
            }
            double sum = 0;
            for (int k = 0; k < c; k++)
            {
                z[k] = Math.Exp(z[k] - max);
                sum += z[k];
            }
            for (int k = 0; k < c; k++)
                z[k] /= sum;
            return z;
        }
    }

    /// <summary>Fits a softmax regression by full-batch gradient descent with momentum (deterministic).</summary>
    public static Softmax FitSoftmax(IReadOnlyList<double[]> x, IReadOnlyList<int> y, int classes, double l2, int iterations = 1500, double rate = 0.5)
    {
        int d = x[0].Length;
        var (mean, scale) = Standardize(x, d);
        var z = x.Select(r => r.Select((v, k) => (v - mean[k]) / scale[k]).ToArray()).ToArray();
        var w = Enumerable.Range(0, classes).Select(_ => new double[d]).ToArray();
        var b = new double[classes];
        var vw = Enumerable.Range(0, classes).Select(_ => new double[d]).ToArray();
        var vb = new double[classes];
        var model = new Softmax(new double[d], Enumerable.Repeat(1.0, d).ToArray(), w, b);
        int n = z.Length;
        for (int it = 0; it < iterations; it++)
        {
            var gw = Enumerable.Range(0, classes).Select(_ => new double[d]).ToArray();
            var gb = new double[classes];
            for (int r = 0; r < n; r++)
            {
                var p = model.Probabilities(z[r]);
                for (int k = 0; k < classes; k++)
                {
                    double e = p[k] - (y[r] == k ? 1 : 0);
                    gb[k] += e;
                    for (int i = 0; i < d; i++)
                        gw[k][i] += e * z[r][i];
                }
            }
            for (int k = 0; k < classes; k++)
            {
                vb[k] = 0.9 * vb[k] - rate * gb[k] / n;
                b[k] += vb[k];
                for (int i = 0; i < d; i++)
                {
                    vw[k][i] = 0.9 * vw[k][i] - rate * ((gw[k][i] / n) + (l2 * w[k][i]));
                    w[k][i] += vw[k][i];
                }
            }
        }
        return new Softmax(mean, scale, w, b);
    }
}
