namespace Vitals.Core.Probing;

/// <summary>
/// Phase timings of one check in microseconds, measured from the start of the check; -1 where a phase was not
/// reached. Kept as four ints so a result stays small in the per-member history rings.
/// </summary>
public readonly record struct ProbeTimings(int ConnectMicros, int TlsMicros, int FirstByteMicros, int TotalMicros)
{
    public static ProbeTimings None { get; } = new(-1, -1, -1, -1);

    public double? ConnectMs => ToMs(ConnectMicros);

    public double? TlsMs => ToMs(TlsMicros);

    public double? FirstByteMs => ToMs(FirstByteMicros);

    public double? TotalMs => ToMs(TotalMicros);

    /// <summary>Converts an elapsed <see cref="TimeSpan"/> to whole microseconds, saturating.</summary>
    public static int Micros(TimeSpan elapsed) => (int)Math.Clamp(elapsed.Ticks / TimeSpan.TicksPerMicrosecond, 0, int.MaxValue);

    private static double? ToMs(int micros) => micros < 0 ? null : Math.Round(micros / 1000.0, 3);
}
