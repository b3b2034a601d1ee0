using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Tidings.Core;

namespace Tidings.Storage;

/// <summary>Keyset cursor of a story listing: the sort key of the last story of a page. Opaque to callers.</summary>
internal readonly record struct StoryCursor(StoryOrder Order, int Size, DateTimeOffset LastSeen, long Id)
{
    public static string Encode(StoryOrder order, Story last)
    {
        var raw = string.Create(CultureInfo.InvariantCulture, $"{(int)order}|{last.ArticleCount}|{last.LastSeen.ToUnixTimeSeconds()}|{last.Id}");
        return Base64Url.EncodeToString(Encoding.ASCII.GetBytes(raw));
    }

    /// <exception cref="ArgumentException">Not a cursor of this order.</exception>
    public static StoryCursor Decode(string cursor, StoryOrder order)
    {
        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor)).Split('|');
            if (parts.Length == 4 && int.Parse(parts[0], CultureInfo.InvariantCulture) == (int)order)
            {
                return new StoryCursor(order, int.Parse(parts[1], CultureInfo.InvariantCulture),
                    DateTimeOffset.FromUnixTimeSeconds(long.Parse(parts[2], CultureInfo.InvariantCulture)), long.Parse(parts[3], CultureInfo.InvariantCulture));
            }
        }
        catch (FormatException)
        {
        }
        catch (OverflowException)
        {
        }
        catch (ArgumentOutOfRangeException)
        {
        }
        throw new ArgumentException("not a story cursor for this listing (use the next cursor of the previous page)", nameof(cursor));
    }
}
