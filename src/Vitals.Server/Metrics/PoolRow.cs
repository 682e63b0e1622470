namespace Vitals.Server.Metrics;

/// <summary>One visible pool as a scrape read it: its label block and its members counted per state.</summary>
internal struct PoolRow
{
    public string PoolId;
    public int LabelStart;
    public int LabelLength;
    public int Initial;
    public int Healthy;
    public int Unhealthy;
    public int Unused;
    public int Unavailable;
}
