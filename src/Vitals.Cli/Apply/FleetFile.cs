namespace Vitals.Cli.Apply;

/// <summary>A whole fleet file, validated (docs/fleet-file.md): instances, and load balancers with everything under them.</summary>
internal sealed class FleetFile
{
    public List<DesiredResource> Instances { get; } = [];

    public List<DesiredResource> LoadBalancers { get; } = [];
}
