using Vitals.Core.Probing;

namespace Vitals.Core.Health;

/// <summary>The last N results of a member, oldest overwritten first. Not thread-safe.</summary>
public sealed class ResultRing
{
    private readonly ProbeResult[] _items;
    private int _next;

    public ResultRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _items = new ProbeResult[capacity];
    }

    public int Capacity => _items.Length;

    public int Count { get; private set; }

    public void Add(in ProbeResult result)
    {
        _items[_next] = result;
        _next = (_next + 1) % _items.Length;
        Count = Math.Min(Count + 1, _items.Length);
    }

    /// <summary>The newest result; only valid when <see cref="Count"/> &gt; 0.</summary>
    public ref readonly ProbeResult Newest => ref _items[(_next - 1 + _items.Length) % _items.Length];

    /// <summary>The last <paramref name="count"/> results (fewer if fewer are held), oldest first.</summary>
    public ProbeResult[] Last(int count)
    {
        count = Math.Clamp(count, 0, Count);
        var result = new ProbeResult[count];
        var start = (_next - count + _items.Length) % _items.Length;
        for (var i = 0; i < count; i++)
        {
            result[i] = _items[(start + i) % _items.Length];
        }

        return result;
    }

    /// <summary>Every result held, oldest first.</summary>
    public ProbeResult[] ToArray() => Last(Count);
}
