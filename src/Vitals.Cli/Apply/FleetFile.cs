namespace Vitals.Cli.Apply;

/// <summary>A whole fleet file, validated (docs/fleet-file.md): instances, load balancers with everything under them, webhooks and Alertmanagers.</summary>
internal sealed class FleetFile
{
    public List<DesiredResource> Instances { get; } = [];

    public List<DesiredResource> LoadBalancers { get; } = [];

    public List<DesiredResource> Webhooks { get; } = [];

    public List<DesiredResource> Alertmanagers { get; } = [];
}
